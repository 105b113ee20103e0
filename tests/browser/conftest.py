"""Browser tests: Playwright driving the system's Chromium against Django's live server.

They need a Chromium binary (Debian: `apt-get install chromium`; elsewhere set CHROMIUM_PATH), Playwright
(requirements-dev.txt) and, for the accessibility checks, axe-core in node_modules (`npm ci`). Without them
they are skipped with that message; under CI (CI=true) they fail instead, see tests/requirements.py.

Every test in this folder is marked `browser`: `.ci/run` runs them with the suite on SQLite and leaves them
out of its second, PostgreSQL run (`-m "not browser"`), so they run once.

With NEWSROOM_SCREENSHOTS=<folder> set, the tests also save the README's screenshots into that folder
(`NEWSROOM_SCREENSHOTS=docs/screenshots ./dev.sh test tests/browser`).
"""

import io
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Article, Photo, PhotoUse, Section, Source, authors_named, credits_for
from tests.browser.editors import DESK_WINDOW, log_in
from tests.photo_library import run_worker
from tests.requirements import require, require_module

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_SCRIPT = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PLAYWRIGHT_MISSING = "Playwright is missing: pip install -r requirements-dev.txt"
REFERENCE_HEADLINE = "Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai"


def pytest_collection_modifyitems(config, items):
    # Whether or not a module says so itself: `-m "not browser"` must leave out every test in this folder.
    here = Path(__file__).resolve().parent
    for item in items:
        if item.path.resolve().is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    require(executable, "no Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH")
    sync_api = require_module("playwright.sync_api", PLAYWRIGHT_MISSING)
    # Playwright's sync API runs an event loop in this thread; Django would then refuse the test's
    # own ORM calls as "async unsafe", although they never run concurrently with the loop.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def is_csp_violation(message):
    # Chromium reports every blocked script, style, frame or form target on the console, e.g. "Refused to apply
    # inline style because it violates the following Content Security Policy directive: ...".
    return "Content Security Policy" in message.text


@pytest.fixture(autouse=True)
def csp_violations(request, monkeypatch):
    """Every Content-Security-Policy violation any browser window of the test logged; a test with one fails.

    Each window (Playwright context) the test opens, in this file's fixtures or the test's own, is watched.
    """
    violations = []
    if "browser" not in request.fixturenames:
        yield violations
        return
    browser = request.getfixturevalue("browser")
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("console", lambda message: violations.append(message.text) if is_csp_violation(message) else None)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield violations
    assert violations == [], "the page broke its Content-Security-Policy:\n" + "\n".join(violations)


AUTOSAVE_REQUEST = re.compile(r"/autosave/")


def close_context(context):
    """Close a browser context without letting a closing editor tab reach the server. A tab with a changed article
    form autosaves as it is hidden (autosave.js); if the live server handled that request while the test database
    is being flushed, SQLite answered "database table is locked" and the test failed in its teardown."""
    context.route(AUTOSAVE_REQUEST, lambda route: route.abort())
    context.close()


# A loaded two-core CI machine renders the admin's pages and widgets slowly: the desk's journeys wait this long.
PATIENCE_MS = 20_000


@pytest.fixture
def open_window(browser, live_server):
    """A new browser window (its own cookies, the desk's screen unless told otherwise), logged in as `user` when
    one is given. While the test runs, pages and expectations wait up to PATIENCE_MS; every window is closed at
    its end."""
    expect = require_module("playwright.sync_api", PLAYWRIGHT_MISSING).expect
    expect.set_options(timeout=PATIENCE_MS)
    contexts = []

    def open_(user=None, next_url="/admin/", **window):
        context = browser.new_context(
            base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", **(window or DESK_WINDOW)
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(PATIENCE_MS)
        if user is not None:
            log_in(page, user, next_url=next_url)
        return page

    yield open_
    for context in contexts:
        close_context(context)
    expect.set_options(timeout=5_000)  # Playwright's default, for the other browser tests


def open_page(browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", reduced_motion="reduce", **options
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A reader at a desktop browser."""
    context, page = open_page(browser, live_server, viewport=DESKTOP, device_scale_factor=1)
    yield page
    close_context(context)


@pytest.fixture
def phone_page(browser, live_server):
    """A reader on a phone (an iPhone-sized screen, touch, high-density display)."""
    context, page = open_page(
        browser, live_server, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    yield page
    close_context(context)


@pytest.fixture
def axe():
    """axe-core run on the page as it is now; returns its violations."""
    require(AXE_SCRIPT.exists(), "axe-core is missing: run `npm ci` in the project to install it into node_modules")

    def run(page):
        # Evaluated by the browser's debugging protocol, not added as an inline <script> the page's
        # Content-Security-Policy (script-src 'self') rightly refuses.
        page.evaluate(AXE_SCRIPT.read_text())
        return page.evaluate("async () => (await axe.run(document)).violations")

    return run


@pytest.fixture
def screenshot():
    """Save a PNG of the page for the README, only when NEWSROOM_SCREENSHOTS names a folder."""
    folder = os.environ.get("NEWSROOM_SCREENSHOTS")

    def save(page, name):
        if not folder:
            return None
        path = Path(folder) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The viewport only (not the full page): a README shows a first screen, and the file stays small.
        png = page.screenshot(animations="disabled", caret="hide")
        path.write_bytes(smaller_png(png))
        return path

    return save


def smaller_png(png, colours=256):
    """The PNG in a 256-colour palette: a third of the size, no difference a README reader can see."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(
        buffer, "PNG", optimize=True
    )
    return buffer.getvalue()


def scene_jpeg(size=(1600, 1067), sky=((122, 170, 214), (226, 236, 244)), land=(86, 120, 70), water=None):
    """A photo-like JPEG drawn with Pillow: sky, hills, a road or a flooded street, a few vehicles."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.55)
    for y in range(horizon):
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(*sky, strict=True)))
    for n, shade in enumerate(((70, 104, 62), land)):
        top = horizon - 90 + n * 50
        draw.polygon(
            [(0, top + 60), (width * 0.3, top - 40), (width * 0.65, top + 30), (width, top - 20), (width, height)]
            + [(0, height)],
            fill=shade,
        )
    ground = water or (96, 96, 100)
    draw.polygon([(width * 0.42, horizon), (width * 0.58, horizon), (width, height), (0, height)], fill=ground)
    for n, colour in enumerate(((196, 160, 60), (150, 40, 40), (230, 230, 225))):
        x = width * (0.3 + 0.18 * n)
        y = horizon + 120 + 110 * n
        w = 90 + 60 * n
        draw.rectangle([x, y, x + w, y + w * 0.45], fill=colour)
        draw.rectangle([x + w * 0.15, y - w * 0.25, x + w * 0.8, y], fill=tuple(c * 3 // 4 for c in colour))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def attach_photo(photo, name, content):
    """Upload an image file to a library photo as the admin does: its renditions are queued for the worker."""
    photo.image = SimpleUploadedFile(name, content, content_type="image/jpeg")
    photo.save()
    return photo


@pytest.fixture
def newsroom(transactional_db):
    """A morning's front page: the reference Anadolu story imported from samples/ with its photo file,
    the stories its "Baca juga" titles name, and local news from Riau, one of them with a photo."""
    now = timezone.now()
    internasional = Section.objects.create(name="Internasional")
    riau = Section.objects.create(name="Riau")
    ekonomi = Section.objects.create(name="Ekonomi")
    anadolu = Source.objects.create(name="Anadolu", website="https://www.aa.com.tr/")

    def publish(headline, hours_ago, body, **fields):
        tags = fields.pop("tags", [])
        byline = fields.pop("byline", [])
        article = Article.objects.create(
            headline=headline,
            body=body,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=hours_ago),
            **fields,
        )
        article.tags.add(*tags)
        for credit in credits_for(article, byline, authors_named(name for _, name in byline)):
            credit.save()
        return article

    publish(
        "Menlu Rusia sebut anggota baru DK PBB harus negara berkembang",
        6,
        "Menteri Luar Negeri Rusia Sergey Lavrov mengatakan anggota baru Dewan Keamanan PBB "
        "harus berasal dari negara berkembang di Asia, Afrika dan Amerika Latin.\n\n"
        "Lavrov menyampaikan hal itu dalam konferensi pers di Moskow pada Senin.",
        section=internasional,
        source=anadolu,
        dateline_place="Moskow",
        dateline_agency="ANTARA",
        tags=["Rusia", "PBB"],
    )
    publish(
        "China-Rusia gelar pertemuan tentang kerja sama pembangunan regional di Beijing",
        9,
        "Pejabat China dan Rusia bertemu di Beijing untuk membahas kerja sama pembangunan "
        "regional di kawasan perbatasan kedua negara.\n\nPertemuan itu berlangsung selama dua hari.",
        section=internasional,
        source=anadolu,
        dateline_place="Beijing",
        dateline_agency="ANTARA",
        tags=["Rusia", "China"],
    )
    flood = publish(
        "Pemprov Riau siapkan posko siaga banjir di tujuh kabupaten menjelang puncak musim hujan",
        2,
        "Pemerintah Provinsi Riau menyiapkan posko siaga banjir di tujuh kabupaten "
        "menjelang puncak musim hujan pada Desember.\n\nBadan Penanggulangan Bencana Daerah Riau menyebut "
        "warga di bantaran Sungai Kampar dan Sungai Siak diminta waspada.",
        section=riau,
        dateline_place="Pekanbaru",
        dateline_agency="ANTARA",
        byline=[("reporter", "Diana Syafni"), ("editor", "Rolex Malaha")],
        tags=["Banjir", "Riau"],
    )
    publish(
        "Harga TBS sawit di Riau naik Rp45 per kilogram pekan ini",
        4,
        "Harga tandan buah segar (TBS) kelapa sawit di Riau untuk periode pekan ini naik "
        "Rp45 per kilogram dibanding pekan lalu.\n\nKenaikan itu dipicu harga minyak sawit mentah dunia.",
        section=ekonomi,
        dateline_place="Pekanbaru",
        dateline_agency="ANTARA",
        tags=["Sawit", "Riau"],
    )
    publish(
        "Gubernur Riau minta pemerintah kabupaten dan kota percepat penyaluran bantuan sosial bagi warga "
        "terdampak banjir di sepanjang aliran Sungai Kampar, Sungai Siak dan Sungai Rokan",
        3,
        "Gubernur Riau meminta pemerintah kabupaten dan kota mempercepat penyaluran "
        "bantuan sosial bagi warga terdampak banjir.\n\nBantuan berupa beras, minyak goreng dan obat-obatan.",
        section=riau,
        dateline_place="Pekanbaru",
        dateline_agency="ANTARA",
        tags=["Banjir", "Riau", "Bantuan sosial"],
    )
    flood_photo = attach_photo(
        Photo(
            caption="Petugas BPBD memeriksa perahu karet di posko siaga banjir Pekanbaru, Riau.",
            credit="ANTARA FOTO/Rony Muharrman",
            alt_text="Perahu karet dan kendaraan petugas berjajar di jalan yang tergenang air",
        ),
        "posko-banjir.jpg",
        scene_jpeg(sky=((150, 160, 175), (215, 220, 226)), water=(120, 110, 80)),
    )
    PhotoUse.objects.create(article=flood, photo=flood_photo)

    call_command("import_articles", str(PROJECT_DIR / "samples"), "--status", "published", stdout=io.StringIO())
    article = Article.objects.get(headline=REFERENCE_HEADLINE)
    article.section = internasional
    article.published_at = now - timedelta(hours=1)
    article.save()
    photo = article.photos.get().photo
    photo.alt_text = "Kendaraan militer berwarna hijau melintas di jalan berbukit, diamati tentara dari tepi jalan"
    attach_photo(photo, "lachin.jpg", scene_jpeg())
    run_worker()  # the renditions each upload queued, as the deployed worker makes them
    return article
