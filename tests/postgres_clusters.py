"""PostgreSQL clusters of the tests' own, made with Debian's server binaries: a primary and its streaming
replica (pg_basebackup), on ports of their own, in a temporary folder; the machine's cluster is never touched."""

import glob
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.requirements import require


def server_binaries():
    """The newest PostgreSQL server's bin folder (Debian keeps initdb and pg_ctl out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    require(found or shutil.which("initdb"), "PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    return Path(found[-1]).parent if found else Path(shutil.which("initdb")).parent


def as_cluster_owner(command):
    # PostgreSQL refuses to run as root (CI runs as root): the clusters belong to the postgres account then.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(command, **options):
    return subprocess.run(as_cluster_owner([str(c) for c in command]), check=True, capture_output=True, **options)


class Cluster:
    def __init__(self, bin_dir, data, port):
        self.bin_dir, self.data, self.port = bin_dir, data, port

    def url(self, database="newsroom"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, *settings):
        options = [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={self.data}"]
        options += [f"-c {setting}" for setting in settings]
        run(
            [
                self.bin_dir / "pg_ctl",
                "-D",
                self.data,
                "-l",
                self.data / "server.log",
                "-o",
                " ".join(options),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )

    def stop(self):
        subprocess.run(
            as_cluster_owner([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
        )


@contextmanager
def primary_with_replica(port):
    """A primary on `port` and a hot-standby streaming replica of it on `port` + 1."""
    bin_dir = server_binaries()
    root = Path(tempfile.mkdtemp(prefix="newsroom-replication-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary = Cluster(bin_dir, root / "primary", port)
    replica = Cluster(bin_dir, root / "replica", port + 1)
    try:
        run([bin_dir / "initdb", "-D", primary.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"])
        primary.start("wal_level=replica", "max_wal_senders=4", "fsync=off")
        # -R writes standby.signal and primary_conninfo: the copy starts as a standby streaming from the primary.
        run(
            [
                bin_dir / "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                port,
                "-U",
                "postgres",
                "-D",
                replica.data,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ]
        )
        replica.start("hot_standby=on", "fsync=off")
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(root, ignore_errors=True)
