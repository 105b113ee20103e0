"""Real servers the production-stack tests talk to over the network, started and stopped by the tests.

Each listens on 127.0.0.1 on a free port of its own range, so a run never meets another run's server.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode


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


PROJECT = Path(__file__).resolve().parent.parent


def production_env(**variables):
    """The environment of an application server with the production settings, speaking plain HTTP on loopback."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "MEDIA_STORAGE", "SENTRY_DSN"):
        inherited.pop(name, None)
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "SECRET_KEY": "test-only-production-secret-f3b9c2d8e7a6b5c4d3e2f1a0b9c8d7e6f5",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "INFO",
        **variables,
    }


def manage(*args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def gunicorn(port, *, env, log):
    command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    return running(command, port, log=log, env=env)


class Browser:
    """A browser's part of HTTP: cookies kept and sent back, the CSRF token sent with forms; no redirects followed."""

    def __init__(self, port):
        self.port = port
        self.cookies = SimpleCookie()

    def request(self, method, path, body=None, headers=()):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": "127.0.0.1", **dict(headers)}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
            for name, morsel in list(self.cookies.items()):
                if morsel["max-age"] == "0":
                    del self.cookies[name]
        return response.status, response.headers, content.decode("utf-8", "replace")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        """Post `form` the way the page at `path` would: with that page's CSRF token."""
        _status, _headers, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urlencode({**form, "csrfmiddlewaretoken": token}, doseq=True)
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def log_in(self, username, password):
        status, headers, _page = self.post("/admin/login/", {"username": username, "password": password})
        if status != 302:
            raise AssertionError(f"logging in as {username} answered {status}")
