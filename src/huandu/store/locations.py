"""Where huandu's files are: the home folder, the registry in use, the journal.

Resolution order for the registry: `--registry` / `HUANDU_REGISTRY`, then `<home>/targets.toml`
(a team's own copy of the plan kept beside its progress), then the registry bundled in the package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from huandu.structs import Frozen

JOURNAL_NAME = "progress.toml"
HOME_REGISTRY_NAME = "targets.toml"


def default_home() -> Path:
    """The platform's per-user data folder, as other desktop tools use it."""
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "huandu"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "huandu"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "huandu"


def bundled_registry() -> Path:
    """The registry shipped inside the wheel; in a source checkout, the repository's data/ copy."""
    packaged = Path(__file__).parents[1] / "data" / "targets.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "targets.toml"


class Locations(Frozen):
    home: Path
    registry: Path
    registry_origin: str  # "option", "home" or "bundled"

    def __init__(self, home: Path, registry: Path, registry_origin: str) -> None:
        self.__dict__.update(home=home, registry=registry, registry_origin=registry_origin)

    @property
    def journal(self) -> Path:
        return self.home / JOURNAL_NAME


def locate(home: str | None = None, registry: str | None = None) -> Locations:
    home_path = Path(home or os.environ.get("HUANDU_HOME") or default_home()).expanduser()
    chosen = registry or os.environ.get("HUANDU_REGISTRY")
    if chosen:
        return Locations(home_path, Path(chosen).expanduser(), "option")
    own = home_path / HOME_REGISTRY_NAME
    if own.is_file():
        return Locations(home_path, own, "home")
    return Locations(home_path, bundled_registry(), "bundled")


Signature = tuple[int, int, int, int, int]


def signature(path: Path) -> Signature | None:
    """What changes whenever a file's content might have: size, mtime and ctime (ns), inode and
    device. No tool can set ctime back, so an edit that restores size and mtime still shows."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
