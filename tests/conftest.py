import io
import socket
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from hypothesis import settings as hypothesis_settings
from PIL import Image

from articles.models import Article, RelatedLink, Section, Source, authors_named, credits_for
from tests.photo_library import place_photo

# Hypothesis's 200 ms deadline turns a busy CI machine into random failures; the properties are
# about correctness, and speed is measured by the benchmarks.
hypothesis_settings.register_profile("newsroom", deadline=None, print_blob=True)
hypothesis_settings.load_profile("newsroom")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Uploads from one test must never land in the project's media/ or leak into another test.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_page_cache():
    # Tests share one process's cache: a page stored by one test must not answer another's request.
    from django.core.cache import cache

    from articles.public.menu import generation_menu

    cache.clear()
    # A new counter starts at the clock's milliseconds: a later test could meet an earlier one's number.
    generation_menu.cache_clear()


@pytest.fixture(autouse=True)
def site_language():
    # A request leaves its language active in the thread (LocaleMiddleware does not switch back); after a test
    # that read an English page, the next test's get_absolute_url() would give /en/ addresses.
    yield
    translation.deactivate()


@pytest.fixture
def redis_down(settings):
    """The site's cache is a Redis that does not answer (nothing listens on its port)."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/7",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }


@pytest.fixture
def clock(monkeypatch):
    """The time as the site reads it (django.utils.timezone.now), stopped; `clock.advance(minutes=5)` moves it."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    stopped = Clock()
    monkeypatch.setattr(timezone, "now", lambda: stopped.now)
    return stopped


@pytest.fixture
def anadolu(db):
    return Source.objects.create(name="Anadolu", website="https://www.aa.com.tr/")


@pytest.fixture
def internasional(db):
    return Section.objects.create(name="Internasional")


def jpeg_bytes(size=(64, 48), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def make_article(db):
    """Create an article the way the desk would: published an hour ago unless told otherwise."""

    def make(headline="Rusia siap bantu Azerbaijan dan Armenia", **fields):
        fields.setdefault("body", "Istanbul - Paragraf pertama.\n\nParagraf kedua.")
        fields.setdefault("status", Article.Status.PUBLISHED)
        if fields["status"] == Article.Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
        tags = fields.pop("tags", [])
        byline = fields.pop("byline", [])  # [(role, name), ...] as the "Pewarta:"/"Editor:" lines give them
        article = Article.objects.create(headline=headline, **fields)
        if tags:
            article.tags.add(*tags)
        for credit in credits_for(article, byline, authors_named(name for _, name in byline)):
            credit.save()
        return article

    return make


@pytest.fixture
def reference_article(make_article, anadolu, internasional):
    """The reference Anadolu story as an editor would have it: photo, tags, two "Baca juga" titles."""
    article = make_article(
        "Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai",
        body="Rusia siap membantu Azerbaijan dan Armenia.\n\nPeskov mengatakan hal itu.",
        dateline_place="Istanbul",
        dateline_agency="ANTARA",
        source=anadolu,
        section=internasional,
        tags=["Rusia", "Berita hari ini"],
    )
    place_photo(
        article,
        caption="Tentara etnik Armenia mengamati kendaraan militer, November 2020.",
        credit="ANTARA/REUTERS",
        is_archive=True,
    )
    RelatedLink.objects.create(article=article, order=1, title="Menlu Rusia sebut anggota baru DK PBB")
    return article


@pytest.fixture
def desk_user(db):
    """A staff member in one of the desk's roles (the groups the migration creates)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def make(role, username=None):
        username = username or role.lower().replace(" ", "-")
        user = get_user_model().objects.create_user(username, f"{username}@example.com", "rahasia", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def login(client):
    """Log a user into the test client and return the client."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def photo_editor(desk_user, login):
    """A client logged in as a desk Editor (the role that files a story with its photos), not a superuser:
    photos go through the admin's own forms with the permissions the desk really has (client.user)."""
    user = desk_user("Editor", "fotografer")
    client = login(user)
    client.user = user
    return client
