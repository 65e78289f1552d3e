# SPDX-License-Identifier: MIT
"""A throw-away PostgreSQL 15 + PostGIS 3 server on a loopback port in a temp directory.

Runs as the `postgres` system user when we are root (initdb refuses root), else as ourselves.
Server CPU is measured for the whole cluster from /proc: the postmaster's own and reaped
children's time plus every live child's, so parallel query workers are included.
"""
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2

PGBIN = Path("/usr/lib/postgresql/15/bin")
TICK = os.sysconf("SC_CLK_TCK")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostGIS:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="trygg-bench-pg-"))
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.data = self.dir / "data"

    def _as_user(self, cmd):
        return (["runuser", "-u", self.user, "--"] + cmd) if self.user else cmd

    def start(self):
        subprocess.run(self._as_user([str(PGBIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                                      "--no-sync", "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
        # A benchmark server: durability off (as one would for a bulk analysis), memory sized for
        # the machine, two parallel workers per query (both cores), also for index builds.
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c work_mem=256MB "
                "-c maintenance_work_mem=1GB -c max_wal_size=8GB -c max_parallel_workers_per_gather=2 "
                "-c max_parallel_maintenance_workers=2")
        subprocess.run(self._as_user([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l",
                                      str(self.dir / "server.log"), "-w", "start"]), check=True, capture_output=True)
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        self.conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
        self.conn.autocommit = True
        self.sql("CREATE EXTENSION IF NOT EXISTS postgis")
        return self

    @property
    def ogr_dsn(self):
        return f"PG:host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def sql(self, q, args=None):
        with self.conn.cursor() as c:
            c.execute(q, args)
            return c.fetchall() if c.description else None

    def backend_pid(self):
        return self.sql("SELECT pg_backend_pid()")[0][0]

    def cpu_seconds(self):
        """Total CPU of the cluster so far (postmaster incl. reaped children + live children)."""
        def stat(pid):
            try:
                f = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                return None
            return f[f.rindex(")") + 2:].split()
        s = stat(self.pid)
        total = sum(int(v) for v in s[11:15])  # utime stime cutime cstime
        for p in Path("/proc").iterdir():
            if p.name.isdigit():
                c = stat(p.name)
                if c and int(c[1]) == self.pid:
                    total += int(c[11]) + int(c[12]) + int(c[13]) + int(c[14])
        return total / TICK

    def backend_peak_mb(self, pid):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def timed_query(self, q):
        """(wall s, cluster CPU s, backend peak RSS MB, rows), on a fresh connection so the peak is this query's."""
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres")
        with conn.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            pid = c.fetchone()[0]
            cpu0, t0 = self.cpu_seconds(), time.perf_counter()
            c.execute(q)
            rows = c.fetchall()
            wall = time.perf_counter() - t0
            cpu = self.cpu_seconds() - cpu0
            peak = self.backend_peak_mb(pid)
        conn.close()
        return wall, cpu, peak, rows

    def version(self):
        return self.sql("SELECT version()")[0][0].split(" on ")[0] + "; PostGIS " + \
            self.sql("SELECT postgis_lib_version()")[0][0]

    def stop(self):
        try:
            self.conn.close()
        except Exception:
            pass
        subprocess.run(self._as_user([str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
