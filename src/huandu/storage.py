"""The only module that reads or writes files (besides the journal's own module, `journal_store`)."""

from __future__ import annotations

from pathlib import Path

from huandu.errors import HuanduError
from huandu.model import Registry
from huandu.registry import parse_registry


def read_bytes(path: Path, missing_key: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise HuanduError(missing_key, path=str(path)) from None
    except IsADirectoryError:
        raise HuanduError("file.is_directory", path=str(path)) from None
    except OSError as exc:
        raise HuanduError("file.unreadable", path=str(path), reason=exc.strerror or exc) from None


def load_registry(path: Path) -> Registry:
    """Read and validate the registry at `path`; raises `RegistryError` naming every problem."""
    return parse_registry(read_bytes(path, "registry.missing_file"), str(path))
