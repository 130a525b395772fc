"""The journal on disk: locked, appended, fsynced, repaired; never silently lost.

Rules this module keeps (see README, "Nothing is ever lost"):
- A writer holds an exclusive lock on `<home>/.progress.lock`, a separate file that is never deleted
  (locking the data file itself, or deleting the lock, lets two writers in at once).
- Under the lock it reads the journal, builds the new entry from what is there now (so `+1` from
  eight terminals at once counts eight times), appends it with one write, fsyncs, and closes.
- Any failure (disk full, I/O error, permission denied) truncates the file back to its length before
  the write and is reported in one line naming the file. An fsync is never retried.
- A torn last entry (a crash mid-write) is ignored by readers with a warning; the next writer copies
  its bytes to `progress.toml.torn-<time>` and cuts it off before appending.
- A journal broken anywhere else is never written to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from huandu.domain.model import Figure, Journal, ProgressRecord, Retraction
from huandu.errors import HuanduError
from huandu.store.journal import HEADER, Entry, ReadResult, encode_entry, read_journal
from huandu.store.journal_index import IndexedState, JournalIndex
from huandu.store.locations import signature
from huandu.structs import Struct

LOCK_NAME = ".progress.lock"

# File operations of the append, looked up at call time so tests can inject failures at each step.
_open = os.open
_write = os.write
_fsync = os.fsync
_close = os.close


def _lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("HUANDU_LOCK_TIMEOUT", "5")))
    except ValueError:
        return 5.0


def _reason(exc: OSError) -> str:
    return exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)


class _Lock:
    """An exclusive advisory lock on a dedicated file, polled until a deadline."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self.fd: int | None = None

    def __enter__(self) -> _Lock:
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise HuanduError(
                "journal.lock_failed", path=str(self.path), reason=_reason(exc)
            ) from None
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                _try_lock(self.fd)
                return self
            except BlockingIOError:
                pass
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
                    os.close(self.fd)
                    raise HuanduError(
                        "journal.lock_failed", path=str(self.path), reason=_reason(exc)
                    ) from None
            if time.monotonic() >= deadline:
                os.close(self.fd)
                self.fd = None
                raise HuanduError("journal.busy", path=str(self.path))
            time.sleep(0.01)

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class JournalStore(Struct):
    path: Path
    set_aside: Path | None  # where the last write kept the bytes of a torn entry
    created: bool  # the last write started a new journal (a first run)

    def __init__(self, path: Path, set_aside: Path | None = None, created: bool = False) -> None:
        self.path = path
        self.set_aside = set_aside
        self.created = created

    @property
    def lock_path(self) -> Path:
        return self.path.parent / LOCK_NAME

    def _read_file(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise HuanduError("file.is_directory", path=str(self.path)) from None
        except OSError as exc:
            raise HuanduError("file.unreadable", path=str(self.path), reason=_reason(exc)) from None

    def _parse(self, *, remember: bool) -> ReadResult:
        """Parse the whole journal; with `remember`, rebuild the index from what was read."""
        before = signature(self.path)
        data = self._read_file()
        if data is None:
            return ReadResult(Journal(), 0)
        result = read_journal(data, str(self.path))
        if remember and before is not None and signature(self.path) == before:
            JournalIndex(self.path).rebuild(result, before)
        return result

    def _torn_bytes(self, state: IndexedState) -> bytes:
        if not state.torn_size:
            return b""
        with open(self.path, "rb") as f:
            f.seek(state.good_length)
            return f.read()

    def _indexed(self, state: IndexedState, target: str | None, *, full: bool) -> ReadResult:
        journal = state.journal(None if full else target)
        return ReadResult(journal, state.good_length, self._torn_bytes(state), list(state.warnings))

    def read(self, target: str | None = None) -> ReadResult:
        """Everything readable now (or, with `target`, that goal's records and their undos).

        A missing journal is an empty one (a fresh install). The index answers when it is in step
        with the journal; otherwise the journal is parsed and the index rebuilt.
        """
        state = JournalIndex(self.path).open_valid()
        if state is not None:
            try:
                return self._indexed(state, target, full=target is None)
            finally:
                state.conn.close()
        return self._parse(remember=True)

    def figures(self) -> tuple[list[Figure], list[tuple[str, dict[str, Any]]]]:
        """The records that still count, as light tuples for computing a report."""
        state = JournalIndex(self.path).open_valid()
        if state is not None:
            try:
                return state.figures(), list(state.warnings)
            finally:
                state.conn.close()
        result = self._parse(remember=True)
        journal = result.journal
        gone = journal.retracted
        figures = [
            Figure(r.seq, r.target, r.value, r.date, r.stage)
            for r in journal.records
            if r.seq not in gone
        ]
        return figures, result.warnings

    def append(
        self, build: Callable[[Journal, int], Entry], *, target: str | None = None
    ) -> tuple[Entry, ReadResult]:
        """Lock, read, let `build(journal, next_seq)` make the entry, append it durably.

        With `target`, `build` sees only that goal's records (and their undos): enough to add to
        the latest figure, and cheap on a journal of any size. `build` may raise `HuanduError` to
        refuse; then nothing is written.
        """
        entries, current = self.append_many(
            lambda journal, seq: [build(journal, seq)], target=target
        )
        return entries[0], current

    def append_many(
        self,
        build: Callable[[Journal, int], list[Entry]],
        *,
        target: str | None = None,
    ) -> tuple[list[Entry], ReadResult]:
        """Like `append`, for a batch: every entry `build` returns lands in one write and one
        fsync, or none does (a batch import never stops half-way)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HuanduError(
                "journal.write_failed", path=str(self.path.parent), reason=_reason(exc)
            ) from None
        index = JournalIndex(self.path)
        with _Lock(self.lock_path, _lock_timeout()):
            state = index.open_valid()
            try:
                if state is not None:
                    current = self._indexed(state, target, full=target is None)
                    next_seq = state.last_seq() + 1
                else:
                    current = self._parse(remember=False)
                    next_seq = current.journal.last_seq + 1
                entries = build(current.journal, next_seq)
                if not entries:
                    return entries, current
                self._write(current, entries)
                warnings = [w for w in current.warnings if w[0] != "journal.torn"]
                size = self.path.stat().st_size
                if state is not None:
                    index.add(state, entries, size, warnings)
                else:
                    journal = current.journal
                    after = Journal(
                        (*journal.records, *(e for e in entries if isinstance(e, ProgressRecord))),
                        (*journal.retractions, *(e for e in entries if isinstance(e, Retraction))),
                    )
                    index.rebuild(ReadResult(after, size, warnings=warnings), signature(self.path))
            finally:
                if state is not None:
                    with contextlib.suppress(Exception):
                        state.conn.close()
            return entries, current

    def _write(self, current: ReadResult, entries: list[Entry]) -> None:
        if current.torn:
            self._set_aside(current)
        existed = self.path.exists()
        created = not existed or current.good_length == 0
        if created:
            self._create()
            self.created = not existed
        try:
            self._append_bytes(b"".join(encode_entry(entry) for entry in entries))
        except HuanduError:
            if created and existed:  # it was an empty file: leave it empty
                _restore(self.path, 0)
            elif created:  # leave no trace of a journal that never got its first entry
                self.path.unlink(missing_ok=True)
            raise

    def _set_aside(self, current: ReadResult) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        keep = self.path.with_name(f"{self.path.name}.torn-{stamp}-{os.getpid()}")
        self.set_aside = keep
        try:
            with open(keep, "xb") as out:
                out.write(current.torn)
                out.flush()
                os.fsync(out.fileno())
            os.truncate(self.path, current.good_length)
        except OSError as exc:
            raise HuanduError("journal.write_failed", path=str(keep), reason=_reason(exc)) from None

    def _create(self) -> None:
        """Write the header to a temporary file and rename it in place: a header is never torn."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as out:
                out.write(HEADER.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise HuanduError(
                "journal.write_failed", path=str(self.path), reason=_reason(exc)
            ) from None

    def _append_bytes(self, data: bytes) -> None:
        size: int | None = None
        fd = None
        try:
            size = self.path.stat().st_size
            fd = _open(str(self.path), os.O_WRONLY | os.O_APPEND)
            view = memoryview(data)
            while view:
                written = _write(fd, view)
                if written <= 0:  # a write that makes no progress would loop forever
                    raise OSError(errno.EIO, os.strerror(errno.EIO))
                view = view[written:]
            _fsync(fd)
            closing, fd = fd, None
            _close(closing)
        except OSError as exc:
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
            if size is not None:
                _restore(self.path, size)
            raise HuanduError(
                "journal.write_failed", path=str(self.path), reason=_reason(exc)
            ) from None


def _restore(path: Path, size: int) -> None:
    """Cut a failed append back off, so the journal is exactly as it was before."""
    try:
        if path.stat().st_size != size:
            os.truncate(path, size)
    except OSError:
        pass


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
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
