"""Varnish in front of the site, for real: deploy/varnish/newsroom.vcl before pytest-django's live server.

A second reader is served by Varnish alone (the application sees no request), and publishing, correcting and
withdrawing a story purge exactly the pages that show it: the others stay in Varnish.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_started

from articles import workflow
from articles.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "newsroom.vcl"
VARNISHD = shutil.which("varnishd") or next((p for p in ["/usr/sbin/varnishd"] if os.path.exists(p)), None)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def varnish(live_server, settings):
    """varnishd with the project's VCL, its backend the live server; the site purges it. Stopped afterwards."""
    if VARNISHD is None:
        reason = "varnishd is not installed (apt-get install varnish varnish-modules)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must run the Varnish test")
        pytest.skip(reason)
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = VCL.read_text()
    assert '.port = "8000";' in vcl
    # Not in pytest's own (private) temporary directory: started by root, varnishd reads the VCL as its own user.
    with tempfile.TemporaryDirectory(prefix="newsroom-varnish-") as directory:
        os.chmod(directory, 0o755)
        config = Path(directory) / "newsroom.vcl"
        config.write_text(vcl.replace('.port = "8000";', f'.port = "{backend_port}";'))
        config.chmod(0o644)
        port = free_port()
        command = [VARNISHD, "-F", "-n", f"{directory}/work", "-a", f"127.0.0.1:{port}", "-f", str(config)]
        process = subprocess.Popen([*command, "-s", "malloc,32m"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            _wait_for(port, process)
            settings.NEWSROOM_PURGE_BACKEND = "varnish"
            settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_for(port, process):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"varnishd stopped: {process.stdout.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("varnishd did not start listening within 30 seconds")


@pytest.fixture
def app_requests():
    """The paths of the requests that reached the application."""
    seen = []

    def count(sender, environ, **kwargs):
        seen.append(environ["PATH_INFO"])

    request_started.connect(count, dispatch_uid="varnish_test_requests")
    yield seen
    request_started.disconnect(dispatch_uid="varnish_test_requests")


class Fetched:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def from_varnish(self):
        # X-Varnish names this request and, for a hit, the request that stored the page.
        return len(self.headers["X-Varnish"].split()) == 2


def fetch(base, path, **headers):
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Fetched(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, error.headers, error.read().decode())


def test_a_second_reader_is_served_by_varnish_alone(varnish, app_requests, make_article):
    url = make_article("Banjir rob di Dumai").get_absolute_url()
    first = fetch(varnish, url)
    assert first.status == 200 and not first.from_varnish
    reached = len(app_requests)
    again = fetch(varnish, url)
    assert again.status == 200 and again.from_varnish and again.body == first.body
    assert len(app_requests) == reached
    # The cache tags stay between the application and Varnish.
    assert "xkey" not in again.headers and "Surrogate-Key" not in again.headers


def test_staff_and_the_admin_pass_through_varnish(varnish, app_requests, make_article):
    url = make_article("Banjir rob di Dumai").get_absolute_url()
    fetch(varnish, url)
    staff = fetch(varnish, url, Cookie="sessionid=abc")
    assert not staff.from_varnish and "private" in staff.headers["Cache-Control"]
    for _ in range(2):
        assert not fetch(varnish, "/admin/login/").from_varnish
    assert app_requests.count("/admin/login/") == 2


@pytest.fixture
def desk(make_article):
    """Two stories in one section: X (tagged Riau, with another Riau story Z) and Y (tagged Sawit only)."""
    section = Section.objects.create(name="Riau")
    editor = get_user_model().objects.create_superuser("redaktur", "redaktur@example.com", "rahasia")
    x = make_article("Gubernur resmikan jembatan Siak", section=section, tags=["Riau"], status=Article.Status.DRAFT)
    make_article("Pelabuhan Dumai diperluas", section=section, tags=["Riau"])
    y = make_article("Harga sawit naik", section=section, tags=["Sawit"])
    return x, y, section, editor


def hits_after(varnish, pages, change):
    """Put every page in Varnish, make the change, then say which pages Varnish still serves."""
    for path in pages:
        fetch(varnish, path)
        assert fetch(varnish, path).from_varnish, path
    change()
    return {path for path in pages if fetch(varnish, path).from_varnish}


def test_publishing_correcting_and_withdrawing_purge_exactly_the_pages_that_show_the_story(varnish, desk):
    x, y, section, editor = desk
    x_page, y_page = f"/berita/{x.slug}/", y.get_absolute_url()
    showing_x = ["/", "/tag/riau/", f"/rubrik/{section.slug}/", "/feed/"]
    not_showing_x = [y_page, "/tag/sawit/"]

    # Published: the lists it joins are purged (its own page was a 404, which Varnish never keeps).
    still = hits_after(varnish, showing_x + not_showing_x, lambda: workflow.publish(x, by=editor))
    assert still == set(not_showing_x)
    assert x.headline in fetch(varnish, "/").body and x.headline in fetch(varnish, "/tag/riau/").body

    # Corrected: its page, every list showing it, and the corrections page.
    pages = [x_page, "/ralat/"] + showing_x + not_showing_x
    still = hits_after(varnish, pages, lambda: workflow.add_correction(x, by=editor, text="Nama jembatan diperbaiki."))
    assert still == set(not_showing_x)
    assert "Nama jembatan diperbaiki." in fetch(varnish, x_page).body

    # Withdrawn: gone from its page and from every list at once.
    still = hits_after(varnish, pages, lambda: workflow.withdraw(x, by=editor))
    assert still == set(not_showing_x)
    assert fetch(varnish, x_page).status == 410
    assert x.headline not in fetch(varnish, "/").body and x.headline not in fetch(varnish, "/tag/riau/").body
