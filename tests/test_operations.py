"""What the operators of a newsroom on several servers rely on: health addresses for the load balancer,
Prometheus metrics for the dashboards, one JSON log line per event with its request's id, errors in Sentry."""

import gzip
import io
import json
import logging
import shutil
import socket
import threading
import time
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sentry_sdk
from django.core.management import call_command

from newsroom.observability import init_sentry
from tests.test_settings import production_settings

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_healthz_answers_without_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_each_dependency(client):
    response = client.get("/readyz/")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {"database:default": "ok", "cache": "ok", "storage": "ok"},
    }


def redis_cache_at(port, *, timeout=0.5):
    return {
        "default": {
            "BACKEND": "django_prometheus.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": timeout, "SOCKET_TIMEOUT": timeout},
        }
    }


def closed_port():
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_readyz_takes_the_instance_out_of_rotation_when_the_cache_is_down(client, settings):
    settings.CACHES = redis_cache_at(closed_port())
    response = client.get("/readyz/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"].startswith("ConnectionError") and "Connection refused" in checks["cache"]
    assert (checks["database:default"], checks["storage"]) == ("ok", "ok")


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers: a Redis stuck on a full disk, a hung firewall."""
    with closing(socket.socket()) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_readyz_gives_a_hanging_dependency_its_time_limit_and_no_more(client, settings, silent_server):
    settings.CACHES = redis_cache_at(silent_server, timeout=10)
    settings.NEWSROOM_READYZ_TIMEOUT = 0.3
    started = time.monotonic()
    response = client.get("/readyz/")
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "no answer within 0.3 s"
    # The load balancer's liveness check does not touch the cache at all (the page cache does not look it up).
    started = time.monotonic()
    assert client.get("/healthz/").status_code == 200
    assert time.monotonic() - started < 1


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client):
    own = client.get("/healthz/")["X-Request-ID"]
    assert len(own) == 32 and int(own, 16) >= 0
    assert client.get("/healthz/")["X-Request-ID"] != own
    nginx_id = "5f0c9b1de0a94c7e8f11a2b3c4d5e6f7"
    assert client.get("/healthz/", HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"] == nginx_id
    forged = client.get("/healthz/", HTTP_X_REQUEST_ID='"}\n{"level": "CRITICAL"')["X-Request-ID"]
    assert len(forged) == 32 and "{" not in forged


@pytest.fixture
def log_lines():
    """What the site writes to its log (standard error under gunicorn), as it is formatted there."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: buffer.getvalue().splitlines()
    handler.setStream(previous)


def test_log_lines_are_json_objects_carrying_the_request_id(client, log_lines):
    response = client.get("/berita-yang-tidak-ada/")
    assert response.status_code == 404
    records = [json.loads(line) for line in log_lines()]
    not_found = next(r for r in records if r["logger"] == "django.request")
    assert not_found["level"] == "WARNING"
    assert not_found["message"] == "Not Found: /berita-yang-tidak-ada/"
    assert not_found["request_id"] == response["X-Request-ID"]
    assert not_found["time"].endswith("+00:00")
    assert all(r["request_id"] == response["X-Request-ID"] for r in records)


def test_health_addresses_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = production_settings("SECURE_REDIRECT_EXEMPT")["SECURE_REDIRECT_EXEMPT"]
    assert client.get("/healthz/").status_code == 200
    assert client.get("/readyz/").status_code == 200
    assert client.get("/").status_code == 301


def test_metrics_are_hidden_from_anybody_without_the_token(client, settings):
    settings.NEWSROOM_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.NEWSROOM_METRICS_TOKEN = "rahasia-prometheus"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer salah").status_code == 404


def metric(text, name, **labels):
    """The value of one sample in Prometheus's text format (0 when it is not there yet)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        if sample == (f"{name}{{{wanted}}}" if labels else name) or (
            sample.startswith(f"{name}{{") and all(f'{k}="{v}"' in sample for k, v in labels.items())
        ):
            return float(value)
    return 0.0


def scrape(client, settings):
    settings.NEWSROOM_METRICS_TOKEN = "rahasia-prometheus"
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer rahasia-prometheus")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def test_metrics_count_requests_by_view_queries_and_page_cache_hits(client, settings, make_article):
    article = make_article()
    before = scrape(client, settings)
    for _ in range(3):
        assert client.get(article.get_absolute_url()).status_code == 200
    after = scrape(client, settings)
    # The first request reached the view; the two others were answered from the page cache before it.
    view = "articles:detail"
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert metric(after, latency, view=view, method="GET") - metric(before, latency, view=view, method="GET") == 1
    assert metric(after, "django_db_execute_total", alias="default") > metric(
        before, "django_db_execute_total", alias="default"
    )
    hits = "newsroom_page_cache_lookups_total"
    assert metric(after, hits, result="miss") - metric(before, hits, result="miss") == 1
    assert metric(after, hits, result="hit") - metric(before, hits, result="hit") == 2


def test_metrics_count_imported_articles_by_outcome(client, settings):
    before = scrape(client, settings)
    call_command("import_articles", str(SAMPLES), stdout=io.StringIO(), stderr=io.StringIO())
    after = scrape(client, settings)
    name = "newsroom_imported_articles_total"
    assert metric(after, name, outcome="imported") - metric(before, name, outcome="imported") == 1
    call_command("import_articles", str(SAMPLES), stdout=io.StringIO(), stderr=io.StringIO())
    again = scrape(client, settings)
    assert metric(again, name, outcome="unchanged") - metric(after, name, outcome="unchanged") == 1


class SentryIngest(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint, enough to receive what the SDK sends."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.server.received.append((self.path, body.decode()))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryIngest)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    # Back to no DSN: nothing is sent from the rest of the suite.
    sentry_sdk.get_client().close()
    sentry_sdk.init()


def test_an_error_goes_to_sentry_with_its_request_id(client, settings, sentry_server):
    init_sentry(f"http://public-key@127.0.0.1:{sentry_server.server_port}/42", environment="test")
    settings.ROOT_URLCONF = "tests.urls_failing"
    client.raise_request_exception = False
    response = client.get("/rusak/")
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    events = [body for path, body in sentry_server.received if path == "/api/42/envelope/"]
    assert len(events) == 1
    event = json.loads(events[0].splitlines()[2])
    assert event["exception"]["values"][-1]["value"] == "the database went away"
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert event["environment"] == "test"


def test_metrics_count_what_the_drop_folder_ingest_imported(client, settings, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, drop / sample.name)
    before = scrape(client, settings)
    call_command("ingest", str(drop), "--once", "--settle", "0", stdout=io.StringIO(), stderr=io.StringIO())
    after = scrape(client, settings)
    name = "newsroom_imported_articles_total"
    assert metric(after, name, outcome="imported") - metric(before, name, outcome="imported") == 1
