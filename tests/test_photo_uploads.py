"""An editor uploads photos to the photo library: real images go in, everything else is refused with a
form error on the file (never a server error), and nothing refused reaches storage. A story shows library photos;
publishing it needs each one described."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from lxml import html
from PIL import Image

from articles.models import Article, Photo
from articles.photos import photos_missing_alt_text
from tests.photo_files import (
    article_form,
    gradient_jpeg,
    image_bytes,
    photo_form_errors,
    png_declaring,
)
from tests.photo_library import library_form, place_photo

pytestmark = pytest.mark.django_db


ADD_URL = "/admin/articles/photo/add/"
ARTICLE_ADD_URL = "/admin/articles/article/add/"


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_errors(response):
    """{field: [error codes]} of the library form re-displayed with its errors."""
    return {
        field: [e.code for e in errors] for field, errors in response.context["adminform"].form.errors.as_data().items()
    }


def stored_files(media_root):
    return sorted(p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("name", "image_format", "stored_suffix"),
    [
        ("banjir.jpg", "JPEG", ".jpg"),
        ("grafik-sawit.png", "PNG", ".png"),
        ("asap.webp", "WEBP", ".webp"),
        ("peta.gif", "GIF", ".gif"),
    ],
)
def test_editor_uploads_jpeg_png_webp_and_gif(photo_editor, name, image_format, stored_suffix):
    content = image_bytes(image_format, size=(120, 80))
    form = library_form(image=upload(name, content), alt_text="Rumah terendam banjir")
    response = photo_editor.post(ADD_URL, form)
    assert response.status_code == 302, form_errors(response)
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (120, 80)
    assert photo.image.name.endswith(stored_suffix)
    assert photo.file_hash == hashlib.sha256(content).hexdigest()
    assert photo.uploaded_by == photo_editor.user
    with photo.image.open("rb") as stored:
        assert stored.read() == content


def test_a_png_named_jpg_is_stored_with_the_extension_of_what_it_is(photo_editor):
    form = library_form(image=upload("foto-dari-wa.jpg", image_bytes("PNG")), alt_text="Peta")
    assert photo_editor.post(ADD_URL, form).status_code == 302
    assert Photo.objects.get().image.name.endswith("/foto-dari-wa.png")


def refused(photo_editor, media_root, name, content):
    """Post one photo to the library; return the form's error codes after checking nothing was kept."""
    form = library_form(image=upload(name, content), caption="Banjir", alt_text="Banjir")
    response = photo_editor.post(ADD_URL, form)
    assert response.status_code == 200
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []
    return form_errors(response)


def test_a_text_file_named_jpg_is_refused(photo_editor, media_root):
    errors = refused(photo_editor, media_root, "foto.jpg", b"Ini bukan foto, ini catatan redaksi.\n" * 20)
    assert errors == {"image": ["invalid_format"]}


def test_a_tiff_is_refused_as_a_format_the_site_does_not_serve(photo_editor, media_root):
    errors = refused(photo_editor, media_root, "scan.jpg", image_bytes("TIFF"))
    assert errors == {"image": ["invalid_format"]}


def test_a_truncated_jpeg_is_refused(photo_editor, media_root):
    whole = gradient_jpeg((800, 600))
    errors = refused(photo_editor, media_root, "terpotong.jpg", whole[: len(whole) // 2])
    assert errors == {"image": ["corrupt_image"]}


def test_a_file_over_the_byte_limit_is_refused(photo_editor, media_root, settings):
    settings.NEWSROOM_PHOTO_MAX_BYTES = 10_000
    content = gradient_jpeg((800, 600))
    assert len(content) > 10_000
    errors = refused(photo_editor, media_root, "besar.jpg", content)
    assert errors == {"image": ["file_too_large"]}


@pytest.mark.parametrize(
    ("limits", "code"),
    [
        ({"NEWSROOM_PHOTO_MAX_WIDTH": 100}, "image_too_large"),
        ({"NEWSROOM_PHOTO_MAX_HEIGHT": 40}, "image_too_large"),
        ({"NEWSROOM_PHOTO_MAX_PIXELS": 5_000}, "too_many_pixels"),
    ],
)
def test_pixel_limits_come_from_settings(photo_editor, media_root, settings, limits, code):
    for name, value in limits.items():
        setattr(settings, name, value)
    errors = refused(photo_editor, media_root, "lebar.png", image_bytes("PNG", size=(120, 80)))
    assert errors == {"image": [code]}


def test_a_decompression_bomb_header_is_refused_with_a_form_error(photo_editor, media_root):
    bomb = png_declaring(30000, 30000)  # 900 megapixels declared in 100-odd bytes
    assert len(bomb) < 200
    errors = refused(photo_editor, media_root, "bom.png", bomb)
    assert errors == {"image": ["decompression_bomb"]}


def test_pillows_bomb_warning_is_a_refusal_too(photo_editor, media_root, monkeypatch):
    # 120x80 = 9,600 pixels: above this limit Pillow only warns (it raises above twice the limit).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 6_000)
    errors = refused(photo_editor, media_root, "peringatan.png", image_bytes("PNG", size=(120, 80)))
    assert errors == {"image": ["decompression_bomb"]}


def test_refusals_are_explained_in_indonesian(photo_editor, settings):
    settings.NEWSROOM_PHOTO_MAX_BYTES = 1_000
    form = library_form(image=upload("besar.jpg", gradient_jpeg((400, 300))), alt_text="Banjir")
    with translation.override("id"):
        page = photo_editor.post(ADD_URL, form).content.decode()
    assert "foto paling besar 1000" in page


def test_publishing_needs_alt_text_on_every_photo_with_an_image(photo_editor):
    photo = Photo.objects.create(image=upload("banjir.jpg", image_bytes("JPEG")))
    form = article_form(status="published", photos=[{"photo": str(photo.pk)}])
    response = photo_editor.post(ARTICLE_ADD_URL, form)
    assert response.status_code == 200
    assert photo_form_errors(response) == [{"photo": ["alt_text_required"]}]
    assert not Article.objects.exists()

    form = article_form(status="draft", photos=[{"photo": str(photo.pk)}])
    assert photo_editor.post(ARTICLE_ADD_URL, form).status_code == 302


def test_a_photo_whose_file_is_to_come_does_not_block_publishing(photo_editor):
    photo = Photo.objects.create(caption="Foto menyusul dari pewarta.")
    form = article_form(status="published", photos=[{"photo": str(photo.pk)}])
    assert photo_editor.post(ARTICLE_ADD_URL, form).status_code == 302


def test_publishing_a_draft_whose_stored_photo_lacks_alt_text_is_refused(photo_editor, make_article):
    article = make_article("Banjir rendam Pekanbaru", status=Article.Status.DRAFT)
    use = place_photo(article, image=upload("banjir.jpg", image_bytes("JPEG")))
    assert photos_missing_alt_text(article) == [use]
    form = article_form(
        status="published",
        initial_photos=1,
        photos=[{"id": str(use.pk), "article": str(article.pk), "photo": str(use.photo_id)}],
    )
    response = photo_editor.post(f"/admin/articles/article/{article.pk}/change/", form)
    assert response.status_code == 200
    assert photo_form_errors(response) == [{"photo": ["alt_text_required"]}]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    # The photo editor describes the picture in the library; the story may then go out.
    use.photo.alt_text = "Warga mendorong sepeda motor melewati banjir"
    use.photo.save()
    assert photo_editor.post(f"/admin/articles/article/{article.pk}/change/", form).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert photos_missing_alt_text(article) == []


def test_uploader_is_the_editor_who_sent_the_file_not_who_edited_the_caption_later(photo_editor, django_user_model):
    photographer = django_user_model.objects.create_user("pewarta")
    photo = Photo.objects.create(image=upload("banjir.jpg", image_bytes("JPEG")), uploaded_by=photographer)
    form = library_form(caption="Keterangan diperbaiki")
    assert photo_editor.post(f"/admin/articles/photo/{photo.pk}/change/", form).status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.uploaded_by) == ("Keterangan diperbaiki", photographer)


def kept_token(response):
    return response.context["adminform"].form["kept_upload"].value()


def test_an_upload_survives_a_refused_save_and_is_stored_with_the_next_one(photo_editor, media_root):
    content = image_bytes("JPEG")
    refused = photo_editor.post(
        ADD_URL, library_form(image=upload("banjir.jpg", content), alt_text="Banjir", focal_x="2")
    )
    assert refused.status_code == 200 and "focal_x" in refused.context["adminform"].form.errors
    token = kept_token(refused)
    assert token and "Disimpan sementara: banjir.jpg" in refused.content.decode()

    # The editor fixes the focal point; the browser sends no file this time, only the form as it came back.
    saved = photo_editor.post(ADD_URL, library_form(kept_upload=token, alt_text="Banjir"))
    assert saved.status_code == 302, form_errors(saved)
    photo = Photo.objects.get()
    assert photo.file_hash == hashlib.sha256(content).hexdigest() and photo.image.name.endswith("/banjir.jpg")
    assert not [name for name in stored_files(media_root) if name.startswith("photos/pending/")]


KEPT_FILE_BOX = "//div[contains(@class, 'fieldBox') and contains(@class, 'field-kept_upload')]"


def kept_file_box_classes(response):
    [box] = html.fromstring(response.content).xpath(KEPT_FILE_BOX)
    return box.classes


def test_the_kept_file_line_appears_only_once_a_file_is_kept(photo_editor, media_root):
    # Without a kept file, "Berkas terunggah:" would be a label beside nothing: the admin hides its box.
    assert "hidden" in kept_file_box_classes(photo_editor.get(ADD_URL))
    refused = photo_editor.post(
        ADD_URL, library_form(image=upload("banjir.jpg", image_bytes("JPEG")), alt_text="Banjir", focal_x="2")
    )
    assert "hidden" not in kept_file_box_classes(refused)
    assert "Disimpan sementara: banjir.jpg" in refused.content.decode()


def test_a_kept_upload_is_its_uploaders_alone(photo_editor, media_root, desk_user, client):
    refused = photo_editor.post(
        ADD_URL, library_form(image=upload("a.jpg", image_bytes("JPEG")), alt_text="A", focal_x="2")
    )
    token = kept_token(refused)
    other = desk_user("Editor", "redaktur-lain")
    client.force_login(other)
    for forged in (token, token[:-2] + "xx"):
        response = client.post(ADD_URL, library_form(kept_upload=forged, alt_text="A"))
        assert response.status_code == 302
        assert not Photo.objects.exclude(image="").exists()
        Photo.objects.all().delete()
