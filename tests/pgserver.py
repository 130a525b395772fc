"""A throw-away PostgreSQL cluster for the tests and the benchmark: Debian's server binaries
(`/usr/lib/postgresql/*/bin`, or `initdb` on the PATH), a data folder and a socket folder in a
temporary folder, a free loopback port. As root the server runs as an unprivileged user
(`nobody`), as PostgreSQL requires. Local connections (the socket) are trusted; TCP on 127.0.0.1
asks for a password (scram-sha-256), so a wrong one can be tried. Nothing here is a mock.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
#: The superuser's password on TCP (synthetic, for the tests of a wrong password only).
PASSWORD = "synthetic-test-password"
SERVER_USER = "nobody"


def server_bin() -> Path | None:
    """The folder of initdb, pg_ctl and postgres (the newest version installed), or None."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: [int(x) for x in Path(p).parent.parent.name.split(".") if x.isdigit()],
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One running server; `dsn(db, user)` reaches a database of it through the socket."""

    def __init__(self, bindir: Path, root: Path | None = None) -> None:
        self.bindir = bindir
        self.root = Path(root or tempfile.mkdtemp(prefix="huandu-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        return subprocess.run(
            command, capture_output=True, text=True, check=check, timeout=120, cwd=self.root
        )

    def create(self) -> Cluster:
        self.root.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(exist_ok=True)
        pwfile = self.root / "pwfile"
        pwfile.write_text(PASSWORD + "\n")
        os.chmod(self.root, 0o755)
        os.chmod(self.sockets, 0o777)
        if self.as_root:
            shutil.chown(self.root, SERVER_USER)
            shutil.chown(pwfile, SERVER_USER)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.sockets}'\n"
                "fsync = off\nfull_page_writes = off\nmax_connections = 60\n"
                "shared_buffers = 64MB\n"
            )
        return self

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w",
                  "restart")  # fmt: skip

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"host={self.sockets} port={self.port} dbname={dbname} user={user}"

    def tcp_dsn(self, dbname: str, user: str = SUPERUSER) -> str:
        return f"host=127.0.0.1 port={self.port} dbname={dbname} user={user}"

    def admin(self, statement: str, dbname: str = "postgres", params: tuple = ()) -> list:
        """Run one statement as the superuser (autocommit); its rows, if any."""
        import psycopg

        with psycopg.connect(self.dsn(dbname), autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def role(self, name: str, *, login: bool = True) -> str:
        """A role that is no superuser (created once; row-level security applies to it)."""
        exists = self.admin("SELECT 1 FROM pg_roles WHERE rolname = %s", params=(name,))
        if not exists:
            self.admin(f'CREATE ROLE "{name}" {"LOGIN" if login else "NOLOGIN"}')
        return name

    def database(self, name: str, owner: str) -> str:
        """A new, empty database owned by `owner`; its DSN (as the owner)."""
        self.admin(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return self.dsn(name, owner)


@contextlib.contextmanager
def running(root: Path | None = None):
    """A cluster made and started for the `with` block, stopped and removed after it."""
    bindir = server_bin()
    if bindir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (initdb) installed")
    cluster = Cluster(bindir, root)
    try:
        cluster.create().start()
        yield cluster
    finally:
        cluster.destroy()
