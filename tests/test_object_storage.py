"""MEDIA_STORAGE=s3: photos in an S3-compatible bucket, spoken to over HTTP (moto's server, started here).

Renditions are public and cacheable at the bucket's address; originals are private objects that readers
cannot fetch from the bucket, and staff get a draft's original through a signed, short-lived address.
"""

import io
import json
import re
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article, Photo
from articles.tasks import make_renditions
from tests.photo_files import gradient_jpeg
from tests.photo_library import library_form, place_photo
from tests.requirements import require_module
from tests.services import free_port, moto_server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    require_module("moto.server", "moto[server] is not installed (pip install -r requirements-dev.txt)")
    require_module("storages.backends.s3", "django-storages and boto3 are not installed")
    port = free_port(15100, 15199)
    with moto_server(port, tmp_path_factory.mktemp("moto") / "moto.log"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def bucket(settings, s3_endpoint, monkeypatch):
    """A fresh bucket for this test, set up as production does it (`configure_media_bucket --create`)."""
    name = f"berita-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "newsroom.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "newsroom-test",
                "secret_key": "newsroom-test-secret",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "querystring_expire": 300,
            },
        },
    }
    settings.MEDIA_URL = f"{s3_endpoint}/{name}/"
    call_command("configure_media_bucket", "--create", stdout=None)
    return storages["default"].bucket


@pytest.fixture
def add_photo(make_article, django_capture_on_commit_callbacks):
    """A library photo uploaded as "banjir.jpg" for a published article (or `article`), with the renditions its
    queued task makes."""

    def add(*, article=None):
        article = article or make_article(f"Banjir rendam Pekanbaru {Article.objects.count()}")
        with django_capture_on_commit_callbacks(execute=True):
            image = SimpleUploadedFile("banjir.jpg", gradient_jpeg())
            photo = place_photo(article, image=image, alt_text="Banjir").photo
        make_renditions.call(photo.pk)
        return photo

    return add


def keys(bucket):
    return sorted(item.key for item in bucket.objects.all())


def fetch(url):
    """An anonymous HTTP GET, as a reader's browser or a CDN makes it: (status, headers, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_an_upload_in_the_admin_puts_the_original_and_its_renditions_in_the_bucket(
    bucket, photo_editor, django_capture_on_commit_callbacks
):
    form = library_form(image=SimpleUploadedFile("banjir.jpg", gradient_jpeg()), alt_text="Banjir di Pekanbaru")
    with django_capture_on_commit_callbacks(execute=True):
        response = photo_editor.post("/admin/articles/photo/add/", form)
    assert response.status_code == 302
    photo = Photo.objects.get()
    make_renditions.call(photo.pk)  # the worker's task
    stored = keys(bucket)
    assert photo.image.name in stored
    assert sorted(r.file.name for r in photo.renditions.all()) == [k for k in stored if k != photo.image.name]
    assert len(stored) == 33  # the original and 16 renditions (five shapes) x 2 formats
    rendition = photo.renditions.get(width=320, format="webp", crop="original")
    with rendition.file.open("rb") as file, Image.open(file) as image:
        assert (image.format, image.size) == ("WEBP", (320, 240))


def test_readers_page_names_public_cacheable_rendition_addresses_in_the_bucket(bucket, client, add_photo, s3_endpoint):
    photo = add_photo()
    page = client.get(photo.uses.get().article.get_absolute_url()).content.decode()
    addresses = set(re.findall(rf"{re.escape(s3_endpoint)}/[^\s\"]+", page))
    assert addresses and all(f"/{bucket.name}/photos/renditions/{photo.pk}/" in a for a in addresses)
    assert not any("X-Amz-Signature" in a for a in addresses)
    status, headers, body = fetch(photo.renditions.get(width=640, format="jpeg", crop="original").url)
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with Image.open(io.BytesIO(body)) as image:
        assert image.size == (640, 480)


def test_an_original_is_never_readable_from_the_bucket_without_a_signature(bucket, add_photo, s3_endpoint):
    photo = add_photo()
    status, _headers, _body = fetch(f"{s3_endpoint}/{bucket.name}/{photo.image.name}")
    assert status == 403
    assert default_storage.url(photo.image.name).count("X-Amz-Signature=") == 1


def test_staff_get_a_drafts_original_through_a_short_lived_signed_address(
    bucket, add_photo, make_article, photo_editor, client
):
    photo = add_photo(article=make_article("Banjir susulan", status=Article.Status.DRAFT))
    response = photo_editor.get(f"/media/asli/{photo.pk}/")
    assert response.status_code == 302
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert "X-Amz-Expires=300" in response["Location"]
    status, headers, body = fetch(response["Location"])
    assert (status, headers["Content-Type"]) == (200, "image/jpeg")
    assert body == photo.image.storage.open(photo.image.name, "rb").read()
    client.logout()
    assert client.get(f"/media/asli/{photo.pk}/").status_code == 404


def test_a_published_original_is_served_to_readers_through_its_check(bucket, add_photo, client):
    photo = add_photo()
    response = client.get(f"/media/asli/{photo.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert b"".join(response.streaming_content) == gradient_jpeg()


def test_deleting_a_photo_removes_its_objects_from_the_bucket(bucket, add_photo, django_capture_on_commit_callbacks):
    photo = add_photo()
    assert len(keys(bucket)) == 33
    with django_capture_on_commit_callbacks(execute=True):
        photo.uses.all().delete()  # a photo still in a story cannot be deleted
        photo.delete()
    assert keys(bucket) == []


def test_two_uploads_with_the_same_name_are_two_objects(bucket, add_photo):
    first, second = add_photo(), add_photo()
    assert first.image.name != second.image.name
    assert {first.image.name, second.image.name} <= set(keys(bucket))


def test_readyz_asks_the_bucket(bucket, client, settings):
    assert client.get("/readyz/").json()["checks"]["storage"] == "ok"
    media = settings.STORAGES["default"]
    unreachable = f"http://127.0.0.1:{free_port(15200, 15299)}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**media, "OPTIONS": {**media["OPTIONS"], "endpoint_url": unreachable}},
    }
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert "Could not connect" in response.json()["checks"]["storage"]


def test_an_export_goes_to_the_bucket_and_stays_private(bucket, make_article, s3_endpoint):
    make_article("Banjir rendam Pekanbaru")
    make_article("Draf: banjir susulan", status=Article.Status.DRAFT)
    out = io.StringIO()
    call_command("export_articles", "--to-storage", "arsip.jsonl", stdout=out)
    assert out.getvalue().strip() == "exported 2 article(s) to the media storage as exports/arsip.jsonl"
    with default_storage.open("exports/arsip.jsonl", "rb") as stored:
        headlines = sorted(json.loads(line)["headlines"][0]["value"] for line in stored.read().splitlines())
    assert headlines == ["Banjir rendam Pekanbaru", "Draf: banjir susulan"]
    assert fetch(f"{s3_endpoint}/{bucket.name}/exports/arsip.jsonl")[0] == 403


def test_an_export_name_with_folders_is_refused(bucket):
    with pytest.raises(CommandError, match="without folders"):
        call_command("export_articles", "--to-storage", "../photos/renditions/x.jsonl")
