"""Real servers the production-stack tests talk to over the network, started and stopped by the tests.

Each listens on 127.0.0.1 on a free port of its own range, so a run never meets another run's server.
"""

import socket
import subprocess
import sys
import time
from contextlib import closing, contextmanager


def free_port(first, last=None):
    """A port in [first, last] that nothing is bound to now."""
    for port in range(first, (last or first + 999) + 1):
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {first} on")


def wait_for_port(port, *, process=None, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout:g} s")


@contextmanager
def running(command, port, *, log, env=None, timeout=30.0):
    """Run `command` until the block ends; it must listen on `port` first."""
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for_port(port, process=process, timeout=timeout)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def moto_server(port, log):
    """moto's S3-compatible server: the S3 HTTP API (signatures, bucket policies, presigned URLs), in memory."""
    return running([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], port, log=log)
