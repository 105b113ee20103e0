"""`python -m bench.archive measure`: every reader and admin page of a loaded archive, timed through gunicorn.

Each page is requested sequentially (after a warm-up) from a gunicorn with bench.settings (production settings,
no page cache, 2 sync workers), then twice more in this process, the second time inside CaptureQueriesContext to
count its SQL statements and find the slowest (as a running site serves it: the first page of a cache generation
also looks up the next scheduled story and stores the section menu). Staff pages are opened with a session made here
for a benchmark superuser.

The warm-up: every page a few times before any is timed (a new worker's first requests, and a new database
connection's, are slower than its hundredth: the first page timed would pay for that), then each page three times
again right before its own requests.
"""

import gc
import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.admin.article import ArchivePaginator, ArticleAdmin
from articles.models import Article, Section, Source
from articles.public.sitemaps import ArticleSitemap

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
WARM_UP_ROUNDS = 5  # every page, before any is timed
DEEP_PAGE = 5000  # the "?page=5000": 100,000 stories back at 20 a page


def deep_url(path, articles, page):
    """The page `page` pages back: by key where the site pages by key, else by number."""
    try:
        from articles.public.pagination import older_than_query
    except ImportError:  # the site before keyset pagination
        return f"{path}?page={page}"
    last_before = page * settings.NEWSROOM_PAGE_SIZE - 1  # the last story of the page before
    key = articles.values_list("published_at", "id")[last_before : last_before + 1]
    return f"{path}?{older_than_query(*key[0])}" if key else path


def reader_urls():
    published = Article.objects.published().order_by("-published_at", "-id")
    count = published.count()
    top = Tag.objects.get(name="Berita hari ini")
    section = Section.objects.get(name="Riau")
    tagged = published.filter(tags=top)
    article = published.first()
    deep = min(DEEP_PAGE, max(1, count // settings.NEWSROOM_PAGE_SIZE // 2))
    deep_tag = min(2000, max(1, tagged.count() // settings.NEWSROOM_PAGE_SIZE // 2))
    sitemap_pages = ArticleSitemap().paginator.listed_pages()[-1]
    return count, [
        ("article", article.get_absolute_url()),
        ("home", "/"),
        ("home, page 2", deep_url("/", published, 1)),
        (f"home, {deep} pages back", deep_url("/", published, deep)),
        ("source (ANTARA)", Source.objects.get(name="ANTARA").get_absolute_url()),
        ("section (Riau)", section.get_absolute_url()),
        ("top tag", f"/tag/{top.slug}/"),
        (f"top tag, {deep_tag} pages back", deep_url(f"/tag/{top.slug}/", tagged, deep_tag)),
        ("tag feed", f"/tag/{top.slug}/feed/"),
        ("/feed/", "/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("article sitemap p1", "/sitemap-articles.xml"),
        (f"article sitemap p{sitemap_pages}", f"/sitemap-articles.xml?p={sitemap_pages}"),
        ("tag sitemap", "/sitemap-tags.xml"),
        ("news sitemap", "/sitemap-news.xml"),
        ("search: common word", "/cari/?q=pemerintah"),
        ("search: two words", "/cari/?q=harga+sawit"),
        ("search: stemmed", "/cari/?q=menyelesaikan"),
        ("search: section filter", f"/cari/?q=pemerintah&section={section.slug}"),
    ]


def admin_urls():
    # The last page the list offers: it counts no further than its cap, so that is the deepest OFFSET an editor meets.
    last = ArchivePaginator(Article.objects.all(), ArticleAdmin.list_per_page).num_pages
    article = Article.objects.order_by("-id").first()
    return [
        ("admin: article list", "/admin/articles/article/"),
        ("admin: filtered", "/admin/articles/article/?status=published&section__id__exact=1"),
        ("admin: searched", "/admin/articles/article/?q=banjir"),
        ("admin: last page", f"/admin/articles/article/?p={last}"),
        ("admin: change form", f"/admin/articles/article/{article.pk}/change/"),
        ("admin: dashboard", "/admin/meja/"),
        ("admin: tag list", "/admin/taggit/tag/"),
    ]


def staff_client():
    user, _ = get_user_model().objects.get_or_create(
        username="arsip-bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def fetch(port, path, cookie=None):
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection_.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection_.getresponse()
    response.read()
    connection_.close()
    return response.status


def timed(port, path, requests, cookie=None):
    for _ in range(3):  # warm-up: both workers, their connections and templates
        status = fetch(port, path, cookie)
    samples = []
    # As timeit does: this process's garbage collector is kept out of the samples (a full collection of the
    # Django loaded here took longer than a page), which time the server, not the client.
    gc.collect()
    gc.disable()
    try:
        for _ in range(requests):
            began = time.perf_counter()
            fetch(port, path, cookie)
            samples.append((time.perf_counter() - began) * 1000)
    finally:
        gc.enable()
    samples.sort()
    return status, samples[len(samples) // 2], samples[max(0, int(len(samples) * 0.95) - 1)], samples[-1]


def sql_of(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    slowest = max(queries.captured_queries, key=lambda query: float(query["time"]), default=None)
    if slowest is None:
        return 0, ""
    return len(queries), f"{float(slowest['time']) * 1000:.0f} ms {' '.join(slowest['sql'].split())[:110]}"


def serve(port, scratch, root=ROOT):
    """gunicorn serving the checkout at `root` (this one by default) on `port`, once it answers."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PAGE_CACHE": "0", "STATIC_ROOT": scratch}
    if root != ROOT:
        env["PYTHONPATH"] = str(root)  # its own code, with this process's Python and packages
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application", "--workers", str(WORKERS),
         "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=root, env=env,
    )  # fmt: skip
    for _ in range(150):
        try:
            fetch(port, "/robots.txt")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def archive_pages(client):
    """(published articles, pages): each page as (kind, name, path, cookie), with who asks for it: readers
    anonymously, the admin's pages with `client`'s staff session."""
    count, readers = reader_urls()
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    pages = [("reader", name, path, None) for name, path in readers]
    return count, pages + [("admin", name, path, cookie) for name, path in admin_urls()]


def warm_up(port, pages):
    for _ in range(WARM_UP_ROUNDS):
        for _kind, _name, path, session in pages:
            fetch(port, path, session)


def measure(*, requests=50, port=8765, static_root):
    settings.DEBUG = False
    client = staff_client()
    count, pages = archive_pages(client)
    server = serve(port, static_root)
    try:
        menu = "on" if getattr(settings, "NEWSROOM_MENU_CACHE", False) else "off"  # off: the site before it
        print(f"cache: {os.environ.get('REDIS_URL') or 'local memory'}, page cache off, section menu cache {menu}")
        warm_up(port, pages)
        print(f"{'page':34} {'status':>6} {'p50':>8} {'p95':>8} {'max':>8} {'SQL':>4}  slowest statement")
        worst = {}
        for kind, name, path, session in pages:
            status, p50, p95, top = timed(port, path, requests, session)
            statements, slowest = sql_of(client if session else Client(HTTP_HOST="127.0.0.1"), path)
            print(f"{name:34} {status:>6} {p50:>6.1f}ms {p95:>6.1f}ms {top:>6.1f}ms {statements:>4}  {slowest}")
            print(f"{'':34} {path}", flush=True)
            if p95 > worst.get(kind, (0, ""))[0]:
                worst[kind] = (p95, path)
    finally:
        server.terminate()
        server.wait()
    reader, admin = worst.get("reader", (0, "")), worst.get("admin", (0, ""))
    print(
        f"archive: {count} articles, worst reader p95 {reader[0]:.0f} ms ({reader[1]}), "
        f"worst admin p95 {admin[0]:.0f} ms ({admin[1]})"
    )
