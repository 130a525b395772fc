"""Reading files, and writing them so that no half file and no planted link is ever written.

Every file huandu writes outside the database (an export, a template, a cached registry) is
written to a new temporary file in the same folder (`mkstemp`: created with O_CREAT|O_EXCL, which
never follows a symbolic link), flushed and fsynced, then put in place: `os.replace` when it may
replace what is there (a link is replaced, never written through), a hard link when it must not
(an existing file is never overwritten). An `OSError` becomes a `HuanduError` whose reason is the
operating system's, in the user's language (`os_reason`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path

from huandu.errors import HuanduError, Msg

#: Operating-system errors with a message of their own in the catalogues (`oserror.<NAME>`).
KNOWN_ERRNOS = (
    "ENOSPC",
    "EDQUOT",
    "EROFS",
    "EACCES",
    "EPERM",
    "ENOENT",
    "EISDIR",
    "ENOTDIR",
    "EEXIST",
    "EIO",
    "ENAMETOOLONG",
    "ELOOP",
    "EBUSY",
    "ETXTBSY",
    "EMFILE",
)


def os_reason(exc: OSError) -> Msg | str:
    """Why the operating system refused, as a message (磁盘已满 / disk full) when it is a known one."""
    name = errno.errorcode.get(exc.errno or -1, "")
    if name in KNOWN_ERRNOS:
        return Msg(f"oserror.{name}")
    return exc.strerror or str(exc) or type(exc).__name__


def read_bytes(path: Path, missing_key: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise HuanduError(missing_key, path=str(path)) from None
    except IsADirectoryError:
        raise HuanduError("file.is_directory", path=str(path)) from None
    except OSError as exc:
        raise HuanduError("file.unreadable", path=str(path), reason=os_reason(exc)) from None


def fsync_dir(folder: Path) -> None:
    """Make a new name in `folder` durable (a rename or link is only safe once its folder is)."""
    if sys.platform == "win32":  # pragma: no cover - Windows has no directory fsync
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_file(
    path: Path, data: bytes, *, overwrite: bool, failed: str = "file.write_failed"
) -> None:
    """Write `data` to `path` in one piece: the whole new content or, on any failure, the old.

    With `overwrite` False an existing `path` (even one that appears meanwhile) is refused with
    `file.exists`. `failed` is the message for an operating-system error.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise HuanduError("file.is_directory", path=str(path))
    if not overwrite and (path.exists() or path.is_symlink()):
        raise HuanduError("file.exists", path=str(path))
    import tempfile

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise HuanduError("file.exists", path=str(path)) from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                # A file system without hard links (FAT, some shares): rename; the check above
                # stands, but a file created in the moment between would be replaced.
                os.rename(tmp, path)
                tmp = None
        fsync_dir(folder)
    except OSError as exc:
        raise HuanduError(failed, path=str(path), reason=os_reason(exc)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def refuse_links(*paths: Path) -> None:
    """Refuse to use a store whose files were replaced by symbolic links (planted, or by mistake):
    the database would otherwise write through them to wherever they point."""
    for path in paths:
        if path.is_symlink():
            raise HuanduError("store.symlink", path=str(path))


def os_user() -> str:
    """Who this process runs as, by the operating system's name for them ("" if none is known):
    what the SQLite store records as the writer of an entry, as a server records its role."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors when no user name is known
        return ""
