"""Photo files on the web: renditions for everybody, an original only once its article is out, or to its staff.

An original's name is guessable (photos/YYYY/MM/<upload name>) and it is stored before its article is
published, so a draft's picture must not be reachable by its media address; renditions have names nobody
can guess and are all the web server serves (docs/media-serving.md).
"""

import io
import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from articles.models import Article
from articles.renditions import rendition_name
from articles.tasks import make_renditions
from tests.photo_files import gradient_jpeg
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "media-serving.md"
URLCONF = ROOT / "newsroom" / "urls.py"
# The one folder of MEDIA_ROOT the web server serves (articles.renditions.RENDITIONS_PREFIX).
RENDITIONS_PREFIX = "photos/renditions/"


@pytest.fixture
def development_server(settings):
    """The site's URLconf as `runserver` with DEBUG on builds it, where Django serves media files too."""
    with override_settings(DEBUG=True):
        urlpatterns = runpy.run_path(str(URLCONF))["urlpatterns"]
    urlconf = ModuleType("development_urls")
    urlconf.urlpatterns = urlpatterns
    settings.ROOT_URLCONF = urlconf


@pytest.fixture
def add_photo(make_article, django_capture_on_commit_callbacks):
    """A library photo uploaded for a new article; its renditions made by its queued task, if asked."""

    def add(status=Article.Status.PUBLISHED, *, renditions=True, content=None, name="banjir.jpg", **article_fields):
        article = make_article(f"Banjir rendam Pekanbaru {Article.objects.count()}", status=status, **article_fields)
        with django_capture_on_commit_callbacks(execute=True):
            image = SimpleUploadedFile(name, content or gradient_jpeg((400, 300)))
            photo = place_photo(article, image=image, alt_text="Banjir").photo
        if renditions:
            make_renditions.call(photo.pk)
        return photo

    return add


def story_of(photo):
    return photo.uses.get().article


def media_address(photo):
    """Where a web server serving all of MEDIA_ROOT would answer with the original."""
    return f"/media/{photo.image.name}"


def original_bytes(photo):
    with photo.image.storage.open(photo.image.name, "rb") as file:
        return file.read()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# Development server (DEBUG on) ---------------------------------------------------------------------


@pytest.mark.usefixtures("development_server")
def test_a_drafts_original_is_not_found_at_its_media_address(client, add_photo):
    photo = add_photo(Article.Status.DRAFT)
    assert client.get(media_address(photo)).status_code == 404
    assert client.get(f"/media/asli/{photo.pk}/").status_code == 404


@pytest.mark.usefixtures("development_server")
def test_a_rendition_address_cannot_climb_to_an_original(client, add_photo):
    photo = add_photo(Article.Status.DRAFT)
    climbing = f"/media/{RENDITIONS_PREFIX}../../{photo.image.name}"
    assert client.get(climbing).status_code == 404


@pytest.mark.usefixtures("development_server")
def test_a_published_photos_renditions_and_original_are_served(client, add_photo):
    photo = add_photo()
    renditions = list(photo.renditions.all())
    assert renditions and all(r.file.name.startswith(RENDITIONS_PREFIX) for r in renditions)
    for rendition in renditions:
        response = client.get(rendition.url)
        assert response.status_code == 200, rendition.url
        assert response["Content-Type"] == f"image/{rendition.format}"
        assert Image.open(io.BytesIO(body(response))).width == rendition.width
    response = client.get(media_address(photo))
    assert response.status_code == 200 and body(response) == original_bytes(photo)


@pytest.mark.usefixtures("development_server")
def test_development_serves_no_other_file_from_media(client, media_root):
    (media_root / "catatan").mkdir(parents=True)
    (media_root / "catatan" / "rahasia.txt").write_text("bukan foto")
    assert client.get("/media/catatan/rahasia.txt").status_code == 404


def test_only_the_development_server_serves_media_files(settings):
    from articles.public import media

    settings.DEBUG = False
    assert media.debug_urlpatterns() == []
    settings.DEBUG, settings.MEDIA_URL = True, "https://cdn.antarariau.example/media/"
    assert media.debug_urlpatterns() == []
    settings.MEDIA_URL = "/media/"
    assert len(media.debug_urlpatterns()) == 1


# Production: Django serves originals through their view only ---------------------------------------


def test_production_django_serves_no_rendition_or_original_by_its_media_address(client, add_photo):
    photo = add_photo()
    assert client.get(media_address(photo)).status_code == 404
    assert client.get(photo.renditions.first().url).status_code == 404  # the web server's job


def test_a_page_waiting_for_renditions_shows_the_original_through_its_view(client, add_photo):
    photo = add_photo(renditions=False)
    page = client.get(story_of(photo).get_absolute_url()).content.decode()
    assert f'src="/media/asli/{photo.pk}/"' in page
    assert media_address(photo) not in page

    response = client.get(f"/media/asli/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Robots-Tag"] == "noindex"
    assert "public" in response["Cache-Control"]
    assert body(response) == original_bytes(photo)


def test_the_content_type_is_the_files_own_not_its_names(client, add_photo):
    png = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 200)).save(png, "PNG")
    photo = add_photo(renditions=False, content=png.getvalue(), name="grafik.jpg")
    response = client.get(f"/media/asli/{photo.pk}/")
    assert response["Content-Type"] == "image/png"


def test_a_file_that_is_no_photo_is_never_served(client, add_photo):
    photo = add_photo(renditions=False)
    with photo.image.storage.open(photo.image.name, "wb") as file:
        file.write(b"<script>alert(1)</script>")
    assert client.get(f"/media/asli/{photo.pk}/").status_code == 404


@pytest.mark.parametrize(
    "status, published_in",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.WITHDRAWN, timedelta(hours=-2)),
        (Article.Status.PUBLISHED, timedelta(hours=3)),  # scheduled: not out yet
    ],
)
def test_readers_get_no_original_of_a_story_they_cannot_see(client, add_photo, status, published_in):
    published_at = timezone.now() + published_in if published_in else None
    photo = add_photo(status, renditions=False, published_at=published_at)
    assert client.get(f"/media/asli/{photo.pk}/").status_code == 404
    assert client.get("/media/asli/999999/").status_code == 404


def test_staff_who_may_preview_a_draft_open_its_original_in_the_preview(client, add_photo, desk_user):
    author = desk_user("Reporter", "wartawan")
    photo = add_photo(Article.Status.DRAFT, renditions=False, created_by=author)
    original = f"/media/asli/{photo.pk}/"

    client.force_login(author)
    preview = client.get(f"/berita/{story_of(photo).slug}/pratinjau/").content.decode()
    assert f'src="{original}"' in preview
    response = client.get(original)
    assert response.status_code == 200 and body(response) == original_bytes(photo)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]

    client.force_login(desk_user("Photo editor", "redaktur-foto"))
    assert client.get(original).status_code == 200
    client.force_login(desk_user("Reporter", "wartawan-lain"))
    assert client.get(original).status_code == 404


def test_the_admins_photo_field_links_the_original_through_its_view(client, add_photo, desk_user):
    photo = add_photo(Article.Status.DRAFT, renditions=False)
    client.force_login(desk_user("Editor", "redaktur"))
    form = client.get(f"/admin/articles/photo/{photo.pk}/change/").content.decode()
    assert f'href="/media/asli/{photo.pk}/"' in form
    assert media_address(photo) not in form


# Rendition names -----------------------------------------------------------------------------------


def test_rendition_names_cannot_be_worked_out_from_the_photo(add_photo, settings):
    photo = add_photo(renditions=False)
    name = rendition_name(photo, 640, "jpeg")
    assert name.startswith(f"{RENDITIONS_PREFIX}{photo.pk}/") and name.endswith("-640w.jpg")
    # An agency photo's hash is known to every subscriber of the agency; the name is keyed with the site's secret.
    assert photo.file_hash[:8] not in name and "banjir" not in name
    assert rendition_name(photo, 640, "jpeg") == name
    settings.SECRET_KEY = "another-site-with-another-secret-key-0123456789"
    assert rendition_name(photo, 640, "jpeg") != name


def test_the_documented_web_server_serves_the_renditions_prefix_alone():
    text = DOCS.read_text(encoding="utf-8")
    [config] = re.findall(r"```nginx\n(.*?)```", text, re.DOTALL)
    media_locations = [
        line.split()[1] for line in config.splitlines() if line.split()[:1] == ["location"] and "/media" in line
    ]
    assert media_locations == [f"/media/{RENDITIONS_PREFIX}"]


def test_a_site_that_keeps_media_on_disk_never_loads_the_bucket_client(tmp_path):
    # boto3 and botocore are some 30 MiB in every worker; only MEDIA_STORAGE=s3 needs them. A fresh process, as a
    # worker starts: this one has imported them for the bucket's own tests.
    import os
    import subprocess
    import sys

    script = (
        "import sys, django; django.setup()\n"
        "from django.test import Client\n"
        "from django.urls import resolve\n"
        "resolve('/media/asli/1/'); resolve('/')\n"
        "import articles.public.media, articles.public.views, newsroom.urls\n"
        "print(sorted(m for m in ('boto3', 'botocore', 'storages.backends.s3') if m in sys.modules))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test", "MEDIA_STORAGE": "local"}
    env.pop("MEDIA_STORAGE_BACKEND", None)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr
