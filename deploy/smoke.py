"""The stack of deploy/ started on this machine and checked as a reader, an editor and a load balancer see it.

Run by deploy/smoke. Exits 0 when every check passed, 1 otherwise (each check is printed), and stops what it
started: nginx, two gunicorn instances, moto (when it stands in for the bucket), the smoke database.
"""

import http.client
import io
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, closing
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

PROJECT = Path(__file__).resolve().parent.parent
BASE = int(os.environ.get("SMOKE_PORT_BASE", "17000"))
HTTPS, HTTP, APP_A, APP_B, MOTO = BASE + 443, BASE + 80, BASE + 1, BASE + 2, BASE + 90
DATABASE_URL = os.environ.get("SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_smoke")
REDIS_URL = os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/1")
EDITOR, PASSWORD = "smoke-editor", secrets.token_urlsafe(16)
failures, passed = [], []


def check(name, condition, detail=""):
    print(f"{'ok  ' if condition else 'FAIL'} {name}{'' if condition else f': {detail}'}", flush=True)
    (passed if condition else failures).append(name)
    return condition


def wait_for_port(port, process, name, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited with status {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        with closing(socket.socket()) as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit(f"{name} did not listen on 127.0.0.1:{port} within {seconds} s")


def start(stack, command, port, name, env, log):
    output = open(log, "wb")  # noqa: SIM115 - closed with the stack
    stack.callback(output.close)
    process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT)
    stack.callback(stop, process)
    wait_for_port(port, process, name, log)
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


class Client:
    """Cookies kept and sent back, CSRF tokens sent with forms, redirects not followed."""

    def __init__(self, port, *, tls=False):
        self.port, self.tls, self.cookies = port, tls, SimpleCookie()

    def share_cookies_with(self, other):
        other.cookies = self.cookies
        return other

    def request(self, method, path, body=None, headers=None):
        if self.tls:
            context = ssl._create_unverified_context()  # the smoke's own self-signed certificate
            connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=context)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response.status, response.headers, content

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, files=()):
        _status, _headers, page = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        fields = {**fields, "csrfmiddlewaretoken": token}
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        for name, filename, content in files:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(head.encode() + b"Content-Type: image/jpeg\r\n\r\n" + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if self.tls:
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        return self.request("POST", path, body, headers)


def photo():
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((1600, 1200)).convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def library_photo_form():
    """The photo library's add form: the picture's words, its focal point in the middle."""
    return {
        "caption": "Banjir di Pekanbaru",
        "credit": "ANTARA",
        "alt_text": "Warga mendorong sepeda motor melewati banjir",
        "date_taken": "",
        "place": "Pekanbaru",
        "photographer": "",
        "keywords": "banjir",
        "usage_terms": "",
        "licence_expires": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
        "_continue": "1",  # answered with the new photo's change page, whose address names its id
    }


def management_form(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form(headline, slug, photo_id):
    return {
        "headline": headline,
        "slug": slug,
        "summary": "",
        "body": "<p>Pekanbaru - Banjir merendam ratusan rumah.</p><p>Warga mengungsi.</p>",
        "tags": "Banjir",
        "dateline_place": "Pekanbaru",
        "dateline_agency": "ANTARA",
        "status": "published",
        "published_at_0": "28/11/2023",
        "published_at_1": "19:05:00",
        "section": "",
        "source": "",
        "language": "id",
        **management_form("credits", 0),
        **management_form("photos", 1),
        "photos-0-photo": photo_id,
        "photos-0-order": "0",
        "photos-0-story_caption": "",
        **management_form("related_links", 0),
        **management_form("notes", 0),
    }


def nginx_config(scratch):
    """deploy/nginx's configuration with this machine's ports and folders: the same locations, a test certificate."""
    locations = (PROJECT / "deploy/nginx/newsroom-locations.conf").read_text().replace("/srv/newsroom", str(scratch))
    (scratch / "newsroom-locations.conf").write_text(locations)
    site = (PROJECT / "deploy/nginx/newsroom.conf").read_text()
    site = site.replace("server 127.0.0.1:8001", f"server 127.0.0.1:{APP_A}").replace(
        "server 127.0.0.1:8002", f"server 127.0.0.1:{APP_B}"
    )
    site = re.sub(r"listen \[::\]:\d+[^;]*;\n", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{HTTP};").replace(
        "listen 443 ssl", f"listen 127.0.0.1:{HTTPS} ssl"
    )
    site = site.replace("/etc/letsencrypt/live/berita.example.id", str(scratch))
    site = site.replace("/etc/nginx/snippets/newsroom-locations.conf", str(scratch / "newsroom-locations.conf"))
    site = site.replace("/var/log/nginx/newsroom.access.log", str(scratch / "nginx-access.log"))
    site = site.replace("server_name berita.example.id;", "server_name 127.0.0.1;")
    temp = scratch / "nginx-temp"
    temp.mkdir()
    return f"""
pid {scratch}/nginx.pid;
error_log {scratch}/nginx-error.log;
daemon off;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
"""


def run(command, env):
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def set_up(stack, scratch):
    """Database, bucket, static files and the two instances' environment (deploy/newsroom.env.example's names)."""
    database = urlsplit(DATABASE_URL)
    name, server = database.path.lstrip("/"), ["-h", database.hostname, "-p", str(database.port or 5432)]
    server += ["-U", database.username or "postgres"]
    subprocess.run(["dropdb", *server, "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", *server, name], check=True)
    stack.callback(subprocess.run, ["dropdb", *server, "--if-exists", "--force", name])
    python = str(PROJECT / ".venv/bin/python")
    endpoint = os.environ.get("S3_ENDPOINT_URL")
    if not endpoint:
        endpoint = f"http://127.0.0.1:{MOTO}"
        start(
            stack,
            [python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(MOTO)],
            MOTO,
            "moto",
            None,
            scratch / "moto.log",
        )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{HTTPS}",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "MEDIA_STORAGE": "s3",
        "S3_ENDPOINT_URL": endpoint,
        "S3_BUCKET": os.environ.get("S3_BUCKET", f"newsroom-smoke-{uuid.uuid4().hex[:8]}"),
        "S3_ACCESS_KEY_ID": os.environ.get("S3_ACCESS_KEY_ID", "smoke"),
        "S3_SECRET_ACCESS_KEY": os.environ.get("S3_SECRET_ACCESS_KEY", "smoke-secret"),
        "STATIC_ROOT": str(scratch / "static"),
        # nginx answers plain HTTP with a redirect; the instances are asked directly too, without TLS.
        "SECURE_SSL_REDIRECT": "0",
        "METRICS_TOKEN": secrets.token_urlsafe(16),
        "LOG_LEVEL": "INFO",
    }
    # The deployment checklist as a real site has it (nginx redirects to HTTPS here, Django does there).
    run([python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**env, "SECURE_SSL_REDIRECT": "1"})
    run([python, "manage.py", "migrate", "--no-input"], env)
    run([python, "manage.py", "collectstatic", "--no-input"], env)
    run([python, "manage.py", "compile_translations", "--verbosity", "0"], env)
    run([python, "manage.py", "configure_media_bucket", "--create"], env)
    users = "from django.contrib.auth import get_user_model; users = get_user_model().objects"
    run([python, "manage.py", "shell", "-c", f"{users}; users.create_superuser({EDITOR!r}, '', {PASSWORD!r})"], env)
    run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(scratch / "privkey.pem"),
            "-out",
            str(scratch / "fullchain.pem"),
        ],
        env,
    )
    return env


def check_stack(env):
    a, b, site = Client(APP_A), Client(APP_B), Client(HTTPS, tls=True)
    for name, client in (("instance A", a), ("instance B", b), ("nginx", site)):
        status, _h, body = client.get("/healthz/")
        check(f"{name}: /healthz/ answers", status == 200, status)
        status, _h, body = client.get("/readyz/")
        check(f"{name}: /readyz/ finds database, cache and bucket", status == 200, body[:300])
    status, headers, _body = Client(HTTP).get("/")
    check("nginx: plain HTTP is sent to HTTPS", status == 301 and headers["Location"].startswith("https://"), status)
    status, headers, _body = site.get("/")
    check("nginx: the front page over TLS", status == 200, status)
    check("nginx: the request id reaches the application", len(headers.get("X-Request-ID", "")) == 32, dict(headers))
    status, headers, _body = site.get("/static/admin/css/base.css")
    check(
        "nginx: static files from STATIC_ROOT, kept a year",
        status == 200 and "immutable" in headers.get("Cache-Control", ""),
        status,
    )
    check("nginx: /metrics is not public", site.get("/metrics")[0] == 404)
    status, _h, body = a.get("/metrics")
    check("instance A: /metrics needs the token", status == 404, status)

    # An editor logs in through A; the session (in the shared database) is valid on B and through nginx.
    a.post("/admin/login/", {"username": EDITOR, "password": PASSWORD, "next": "/admin/"})
    status, _h, _body = a.share_cookies_with(Client(APP_B)).get("/admin/")
    check("session: logged in through A, the admin opens on B", status == 200, status)
    status, _h, _body = a.share_cookies_with(Client(HTTPS, tls=True)).get("/admin/")
    check("session: and through nginx", status == 200, status)

    # A photo uploaded to the library through A, used by a story saved through A; the worker (as
    # newsroom-worker.service runs it) makes the renditions; B's page shows them from the bucket.
    status, headers, body = a.post(
        "/admin/articles/photo/add/", library_photo_form(), [("image", "banjir.jpg", photo())]
    )
    uploaded = re.search(r"/admin/articles/photo/(\d+)/change/", headers.get("Location", ""))
    check("upload: the photo is stored in the library through A", status == 302 and uploaded, status)
    status, _h, body = a.post(
        "/admin/articles/article/add/",
        article_form("Banjir rendam Pekanbaru", "banjir-rendam-pekanbaru", uploaded.group(1) if uploaded else ""),
    )
    check(
        "upload: the article with its photo is saved through A",
        status == 302,
        re.findall(rb'class="errorlist[^>]*>.*?</ul>', body, re.S)[:3],
    )
    run(
        [
            str(PROJECT / ".venv/bin/python"),
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0",
        ],
        env,
    )
    status, _h, page = b.get("/berita/banjir-rendam-pekanbaru/")
    check("upload: the story's page on B", status == 200, status)
    bucket_url = f"{env['S3_ENDPOINT_URL']}/{env['S3_BUCKET']}/photos/renditions/"
    renditions = re.findall(rf"{re.escape(bucket_url)}[^\s\"]+\.webp", page.decode())
    check("upload: B's page offers the renditions made after A's upload", len(renditions) >= 4, renditions)
    if renditions:
        address = urlsplit(renditions[0])
        status, headers, _body = Client(address.port).get(address.path)
        check(
            "bucket: a rendition is public and cacheable",
            status == 200 and "immutable" in headers.get("Cache-Control", ""),
            status,
        )
    photo_id = re.search(r"/photos/renditions/(\d+)/", renditions[0]).group(1) if renditions else "0"
    status, _h, _body = b.get(f"/media/asli/{photo_id}/")
    check("upload: the published original is served by B from the bucket", status == 200, status)
    status, _h, body = site.get("/feed/")
    check("nginx: the feed names the story", b"Banjir rendam Pekanbaru" in body, status)


def main():
    python = str(PROJECT / ".venv/bin/python")
    with ExitStack() as stack:
        scratch = Path(tempfile.mkdtemp(prefix="newsroom-smoke-"))
        scratch.chmod(0o755)  # nginx's workers (nobody, when started as root) read static files from it
        stack.callback(shutil.rmtree, scratch, ignore_errors=True)
        env = set_up(stack, scratch)
        gunicorn = [python, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "newsroom.wsgi", "--bind"]
        for name, port in (("A", APP_A), ("B", APP_B)):
            start(
                stack, [*gunicorn, f"127.0.0.1:{port}"], port, f"gunicorn {name}", env, scratch / f"gunicorn-{name}.log"
            )
        (scratch / "nginx.conf").write_text(nginx_config(scratch))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        start(
            stack,
            [nginx, "-c", str(scratch / "nginx.conf"), "-e", str(scratch / "nginx-error.log")],
            HTTPS,
            "nginx",
            env,
            scratch / "nginx.log",
        )
        check_stack(env)
        if failures:
            for log in sorted(scratch.glob("*.log")):
                print(f"--- {log.name} (last lines)\n" + "\n".join(log.read_text(errors="replace").splitlines()[-15:]))
    print(f"smoke: {len(passed)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
