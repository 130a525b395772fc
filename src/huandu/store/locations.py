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
    store_dsn: str | None = None  # --store / HUANDU_STORE: the progress store is on this server

    @property
    def store(self) -> Path:
        return self.home / STORE_NAME

    @property
    def store_label(self) -> str:
        """Where the progress store is, as the user is told: its file, or its server's DSN
        (which never holds a password: `locate` refuses one that does)."""
        return self.store_dsn if self.store_dsn is not None else str(self.store)

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


def locate(
    home: str | None = None, registry: str | None = None, store: str | None = None
) -> Locations:
    chosen_home = home or os.environ.get("HUANDU_HOME")
    home_path = Path(chosen_home).expanduser() if chosen_home else default_home()
    chosen = registry or os.environ.get("HUANDU_REGISTRY")
    dsn = store or os.environ.get("HUANDU_STORE") or None
    if dsn is not None:
        check_dsn(dsn)
    return Locations(home_path, Path(chosen).expanduser() if chosen else None, dsn)


def check_dsn(dsn: str) -> None:
    """A `--store` must name a PostgreSQL database (`postgresql://…`, or libpq's `key=value`
    pairs) without a password in it: libpq finds that in ~/.pgpass or PGPASSWORD. Checked
    without psycopg, so a command that never opens the store never imports it."""
    import re
    from urllib.parse import parse_qs, urlsplit

    from huandu.errors import HuanduError

    if re.match(r"^postgres(ql)?://", dsn):
        parts = urlsplit(dsn)
        if parts.password is not None or "password" in parse_qs(parts.query):
            raise HuanduError("store.pg_password")
    elif "=" in dsn:
        if re.search(r"(^|\s)password\s*=", dsn):
            raise HuanduError("store.pg_password")
    else:
        raise HuanduError("store.pg_not_dsn", value=dsn)
