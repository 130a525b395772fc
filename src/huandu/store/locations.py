"""Where huandu's files are: the home folder, the registry in use, the progress store.

The home is `--home DIR`, else `HUANDU_HOME`, else the platform's per-user data folder as
platformdirs knows it (`~/.local/share/huandu` on Linux, `~/Library/Application Support/huandu`
on macOS, `%LOCALAPPDATA%\\huandu` on Windows). A registry file given with `--registry` /
`HUANDU_REGISTRY` is the plan; otherwise the plans are the bundled one, `<home>/targets.toml` if
there is one, and those kept in the store (`domain.plans` says which is used).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

STORE_NAME = "progress.sqlite3"
LEGACY_JOURNAL_NAME = "progress.toml"  # the journal of huandu 0.1, migrated on first use
HOME_REGISTRY_NAME = "targets.toml"
CACHE_DIR = "cache"


def default_home() -> Path:
    """The platform's per-user data folder, as other desktop tools use it."""
    import platformdirs

    return platformdirs.user_data_path("huandu", appauthor=False)


def bundled_registry() -> Path:
    """The registry shipped inside the wheel; in a source checkout, the repository's data/ copy."""
    packaged = Path(__file__).parents[1] / "data" / "targets.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "targets.toml"


class Locations(NamedTuple):
    home: Path
    registry_option: Path | None = None  # --registry / HUANDU_REGISTRY: this file is the plan

    @property
    def store(self) -> Path:
        return self.home / STORE_NAME

    @property
    def legacy_journal(self) -> Path:
        return self.home / LEGACY_JOURNAL_NAME

    @property
    def cache(self) -> Path:
        return self.home / CACHE_DIR

    @property
    def home_registry(self) -> Path:
        """The home's own registry file (a team's copy of a plan kept beside its progress)."""
        return self.home / HOME_REGISTRY_NAME

    @property
    def bundled_registry(self) -> Path:
        return bundled_registry()


def locate(home: str | None = None, registry: str | None = None) -> Locations:
    chosen_home = home or os.environ.get("HUANDU_HOME")
    home_path = Path(chosen_home).expanduser() if chosen_home else default_home()
    chosen = registry or os.environ.get("HUANDU_REGISTRY")
    return Locations(home_path, Path(chosen).expanduser() if chosen else None)
