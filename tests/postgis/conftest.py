# SPDX-License-Identifier: MIT
"""A throw-away PostgreSQL 15 + PostGIS 3 server on 127.0.0.1 for the PostGIS tests (issue 20).

Started as scripts/bench-peers starts its server (initdb and pg_ctl in a temp folder, as the
`postgres` system user when we are root), but with password authentication on TCP, so the
tests can show a password never leaks: clients reach it through a service file and a
~/.pgpass-style file (PGSERVICEFILE, PGPASSFILE), or PGPASSWORD.
"""
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

for folder in ("support", "postgis"):
    path = str(Path(__file__).resolve().parents[1] / folder)
    if path not in sys.path:
        sys.path.insert(0, path)

from missing import skip_or_fail  # noqa: E402

PGBIN = Path("/usr/lib/postgresql/15/bin")
from pg_settings import DATABASE, PASSWORD  # noqa: E402


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="trygg-test-pg-"))
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.data = self.dir / "data"
        self.client = Path(tempfile.mkdtemp(prefix="trygg-test-pgclient-"))

    def _as_user(self, cmd):
        return (["runuser", "-u", self.user, "--"] + cmd) if self.user else cmd

    def start(self):
        pwfile = self.dir / "pw"
        pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        subprocess.run(self._as_user([str(PGBIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                                      "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}",
                                      "--no-sync", "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
        pwfile.unlink()
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off")
        subprocess.run(self._as_user([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l",
                                      str(self.dir / "server.log"), "-w", "start"]), check=True, capture_output=True)
        # The database, over the local socket (trust); everything else goes over TCP with the password.
        self.psql_socket("postgres", f"CREATE DATABASE {DATABASE}")
        self.psql_socket(DATABASE, "CREATE EXTENSION postgis")
        # The client side: a service file and a password file, as a municipality's GIS desk has them.
        self.service_file = self.client / "pg_service.conf"
        self.service_file.write_text(
            f"[trygg]\nhost=127.0.0.1\nport={self.port}\ndbname={DATABASE}\nuser=postgres\n", encoding="utf-8")
        self.pass_file = self.client / "pgpass"
        self.pass_file.write_text(f"127.0.0.1:{self.port}:*:postgres:{PASSWORD}\n", encoding="utf-8")
        self.pass_file.chmod(0o600)
        return self

    def psql_socket(self, db, sql):
        psql = str(PGBIN / "psql") if (PGBIN / "psql").exists() else "psql"
        return subprocess.run(self._as_user([psql, "-h", str(self.dir), "-p", str(self.port), "-U", "postgres", "-d", db,
                                             "-v", "ON_ERROR_STOP=1", "-Atc", sql]),
                              check=True, capture_output=True, text=True).stdout

    def env(self, **extra):
        """The environment of a client that finds its credentials in the service and password files."""
        env = dict(os.environ)
        for k in ("PGPASSWORD", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGSERVICE"):
            env.pop(k, None)
        env["PGSERVICEFILE"] = str(self.service_file)
        env["PGPASSFILE"] = str(self.pass_file)
        env.update(extra)
        return env

    def sql(self, sql, db=DATABASE):
        """Rows of a query (over the socket), as lists of text."""
        out = self.psql_socket(db, sql)
        return [line.split("|") for line in out.splitlines() if line]

    def stop(self):
        subprocess.run(self._as_user([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.rmtree(self.client, ignore_errors=True)


@pytest.fixture(scope="session")
def pg():
    if not (PGBIN / "initdb").exists():
        skip_or_fail("PostgreSQL 15 is not installed (scripts/setup installs postgresql-15)")
    if not list(Path("/usr/share/postgresql/15/extension").glob("postgis.control")):
        skip_or_fail("PostGIS is not installed (scripts/setup installs postgresql-15-postgis-3)")
    server = Server().start()
    yield server
    server.stop()
