"""The only module that reads or writes files (besides the journal's own module, `journal_store`)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from huandu import __version__
from huandu.domain.model import Registry
from huandu.errors import HuanduError
from huandu.store.locations import signature
from huandu.store.registry import parse_registry


def read_bytes(path: Path, missing_key: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise HuanduError(missing_key, path=str(path)) from None
    except IsADirectoryError:
        raise HuanduError("file.is_directory", path=str(path)) from None
    except OSError as exc:
        raise HuanduError("file.unreadable", path=str(path), reason=exc.strerror or exc) from None


def load_registry(path: Path, cache_dir: Path | None = None) -> Registry:
    """Read and validate the registry at `path`; raises `RegistryError` naming every problem.

    A registry that validated once is kept, already parsed, in `cache_dir`, tied to the file's
    signature (size, mtime, ctime, inode): any change to the file and it is parsed and validated
    again. A broken registry is never cached. Every size is cached: unpickling the bundled
    registry takes about 0.3 ms, parsing it about 3 ms (tomllib's import included), and a
    province's thousands of goals far longer.
    """
    if cache_dir is None or not cache_dir.parent.is_dir():
        return parse_registry(read_bytes(path, "registry.missing_file"), str(path))
    before = signature(path)
    if before is None:
        return parse_registry(read_bytes(path, "registry.missing_file"), str(path))
    key = _path_key(path)
    cache = cache_dir / f"registry-{key}.pickle"
    cached = _load_cached(cache, before)
    if cached is not None:
        return cached
    registry = parse_registry(read_bytes(path, "registry.missing_file"), str(path))
    if signature(path) == before:
        _save_cached(cache, before, registry)
    return registry


def _path_key(path: Path) -> str:
    """16 hex digits naming a registry file's cache. Two CRC-32s, forwards and backwards, not a
    cryptographic hash: `hashlib` alone takes 2.5 ms to import, and a clash between two registry
    paths of one home would only make their caches replace each other (each is checked against
    its file's signature before use)."""
    import zlib

    name = str(path.resolve()).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(name):08x}{zlib.crc32(name[::-1]):08x}"


def _cache_version() -> str:
    """The huandu version and the shape of every class a cached registry holds: a cache written
    by another shape is not read (a development install keeps its version across changes)."""
    from huandu.domain.model import County, Plan, Registry, Stage, Target
    from huandu.domain.units import Unit

    classes = (Plan, County, Target, Stage, Unit, Registry)
    shape = ";".join(f"{cls.__name__}:{','.join(cls._fields)}" for cls in classes)
    return f"{__version__}|{shape}"


def _load_cached(cache: Path, sig: tuple) -> Registry | None:
    import pickle

    try:
        with open(cache, "rb") as f:
            version, saved_sig, registry = pickle.load(f)
    except Exception:  # a missing, partial or foreign cache file is simply not used
        return None
    if version != _cache_version() or tuple(saved_sig) != sig or not isinstance(registry, Registry):
        return None
    return registry


def _save_cached(cache: Path, sig: tuple, registry: Registry) -> None:
    import pickle

    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(exist_ok=True)
        with open(tmp, "wb") as f:
            pickle.dump((_cache_version(), sig, registry), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
