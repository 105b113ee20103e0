"""Readers get resized WebP and JPEG copies made once per upload, by the worker; pages only read them."""

import io
import re
from datetime import timedelta
from functools import partial

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import ExifTags, Image

from articles.models import Photo, PhotoRendition
from articles.tasks import make_renditions
from tests.photo_files import gradient_jpeg, image_bytes
from tests.photo_library import library_form, place_photo

pytestmark = pytest.mark.django_db


WIDTHS = [160, 320, 640, 960, 1280]  # settings: NEWSROOM_PHOTO_WIDTHS plus the 160 px admin thumbnail
WIDE_WIDTHS = [320, 640, 960, 1280]  # settings: NEWSROOM_PHOTO_CROPS["16:9"], the article page's cut
# Per format: 5 widths of the original's shape, 4 of 16:9, 4 of 4:3, 2 of 1:1 and the 1200×630 social card.
PER_PHOTO = 2 * (5 + 4 + 4 + 2 + 1)


def original_shape(photo):
    return photo.renditions.filter(crop="original")


def stored_files(media_root):
    return sorted(p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file())


def rendition_files(media_root):
    return [name for name in stored_files(media_root) if name.startswith("photos/renditions/")]


def story_of(photo):
    return photo.uses.get().article


@pytest.fixture
def add_photo(make_article, django_capture_on_commit_callbacks):
    """A published article with an uploaded library photo, and the renditions its queued task makes (the worker's
    own run is in test_rendition_worker.py)."""

    def add(content=None, *, article=None, name="banjir.jpg", order=0, **fields):
        article = article or make_article("Banjir rendam Pekanbaru")
        fields.setdefault("alt_text", "Warga mendorong sepeda motor melewati banjir")
        with django_capture_on_commit_callbacks(execute=True):
            image = SimpleUploadedFile(name, content or gradient_jpeg())
            photo = place_photo(article, order, image=image, **fields).photo
        make_renditions.call(photo.pk)
        return photo

    return add


def delete_from_library(photo):
    photo.uses.all().delete()  # a photo still in a story cannot be deleted (PhotoUse.photo is PROTECT)
    photo.delete()


def test_an_upload_to_the_library_queues_its_renditions_and_the_task_makes_each_once(
    photo_editor, media_root, django_capture_on_commit_callbacks
):
    form = library_form(image=SimpleUploadedFile("banjir.jpg", gradient_jpeg()), alt_text="Banjir di Pekanbaru")
    with django_capture_on_commit_callbacks(execute=True):
        response = photo_editor.post("/admin/articles/photo/add/", form)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    photo = Photo.objects.get()
    # The request stored the original and queued the work: no rendition is made while the editor waits.
    assert not photo.renditions.exists() and rendition_files(media_root) == []
    [queued] = DBTaskResult.objects.all()
    assert (queued.task_path, queued.args_kwargs["args"]) == ("articles.tasks.make_renditions", [photo.pk])
    assert make_renditions.call(photo.pk) == PER_PHOTO
    made = sorted((r.format, r.width, r.height) for r in original_shape(photo))
    assert made == sorted((f, w, w * 3 // 4) for f in ("jpeg", "webp") for w in WIDTHS)
    assert sorted({(r.crop, r.width, r.height) for r in photo.renditions.exclude(crop="original")}) == sorted(
        [
            ("1:1", 160, 160),
            ("1:1", 1200, 1200),  # the 1600×1200 picture's whole height: never upscaled to 1280
            ("16:9", 320, 180),
            ("16:9", 640, 360),
            ("16:9", 960, 540),
            ("16:9", 1280, 720),
            ("4:3", 160, 120),
            ("4:3", 320, 240),
            ("4:3", 640, 480),
            ("4:3", 1280, 960),
            ("social", 1200, 630),
        ]
    )
    assert len(rendition_files(media_root)) == PER_PHOTO
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as file, Image.open(file) as image:
            assert image.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]
            assert image.size == (rendition.width, rendition.height)
            assert rendition.bytes == rendition.file.size
    assert make_renditions.call(photo.pk) == 0  # a second run (a retry, a duplicate) makes nothing again


def test_page_views_reuse_renditions_and_never_make_new_ones(client, add_photo, media_root):
    photo = add_photo()
    files, rows = rendition_files(media_root), PhotoRendition.objects.count()
    for _ in range(2):
        for url in [story_of(photo).get_absolute_url(), "/"]:
            assert client.get(url).status_code == 200
    assert (rendition_files(media_root), PhotoRendition.objects.count()) == (files, rows)


def test_photos_are_never_upscaled(add_photo):
    photo = add_photo(image_bytes("JPEG", size=(400, 300)))
    widths = sorted({r.width for r in original_shape(photo)})
    assert widths == [160, 320, 400]
    # A cut is never wider than the part of the picture it is cut from: 1:1 from a 400×300 photo is 300 wide.
    assert max(r.width for r in photo.renditions.filter(crop="1:1")) == 300


def test_a_photo_narrower_than_the_thumbnail_gets_renditions_at_its_own_width(add_photo):
    photo = add_photo(image_bytes("JPEG", size=(64, 48)))
    assert sorted((r.format, r.width, r.height) for r in original_shape(photo)) == [
        ("jpeg", 64, 48),
        ("webp", 64, 48),
    ]


def test_renditions_are_turned_upright_from_the_exif_orientation(add_photo):
    # Phones store a portrait photo as landscape pixels plus "rotate 90°" (orientation 6).
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    photo = add_photo(gradient_jpeg((800, 600), exif=exif))
    largest = max(original_shape(photo), key=lambda r: r.width)
    assert (largest.width, largest.height) == (600, 800)


def test_renditions_carry_no_exif_from_the_camera(add_photo):
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Kamera Pewarta"
    photo = add_photo(gradient_jpeg((800, 600), exif=exif))
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as file, Image.open(file) as image:
            assert ExifTags.Base.Model not in image.getexif()


def test_transparent_png_keeps_alpha_in_webp_and_sits_on_white_in_jpeg(add_photo):
    photo = add_photo(image_bytes("PNG", size=(200, 100), mode="RGBA", color=(0, 0, 0, 0)), name="logo.png")
    by_format = {r.format: r for r in original_shape(photo) if r.width == 200}
    with by_format["webp"].file.open("rb") as file, Image.open(file) as webp:
        assert webp.mode == "RGBA" and webp.getpixel((10, 10))[3] == 0
    with by_format["jpeg"].file.open("rb") as file, Image.open(file) as jpeg:
        assert all(channel > 245 for channel in jpeg.getpixel((10, 10)))


def test_the_article_page_offers_webp_and_jpeg_srcsets_with_sizes(client, add_photo):
    photo = add_photo()
    page = client.get(story_of(photo).get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", page, re.S).group(0)
    # The article page shows the 16:9 cut around the focal point.
    renditions = {(r.format, r.width): r.file.url for r in photo.renditions.filter(crop="16:9")}
    webp_srcset = ", ".join(f"{renditions['webp', w]} {w}w" for w in WIDE_WIDTHS)
    jpeg_srcset = ", ".join(f"{renditions['jpeg', w]} {w}w" for w in WIDE_WIDTHS)
    sizes = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
    assert f'<source type="image/webp" srcset="{webp_srcset}" sizes="{sizes}">' in picture
    assert f'src="{renditions["jpeg", 640]}" srcset="{jpeg_srcset}" sizes="{sizes}"' in picture
    assert 'alt="Warga mendorong sepeda motor melewati banjir" width="640" height="360"' in picture
    assert photo.image.url not in page  # readers never download the (large) original


def test_list_cards_offer_only_small_renditions(client, add_photo, make_article):
    photo = add_photo()
    make_article("Jembatan Siak IV dibuka", published_at=timezone.now() - timedelta(minutes=5))
    page = client.get("/").content.decode()
    lead, card = re.findall(r'<article class="card">.*?</article>', page, re.S)
    assert "<img" not in lead  # the newest story leads the page; the photo's story comes second
    offered = sorted({int(w) for w in re.findall(r" (\d+)w", card)})
    assert offered == [160, 320, 640]
    assert 'loading="lazy"' in card and 'class="card-photo"' in card
    assert photo.image.url not in card


def test_the_lead_story_photo_loads_at_once_and_is_laid_out_wide(client, add_photo):
    photo = add_photo()
    page = client.get("/").content.decode()
    lead = re.search(r'<li class="lead"><article class="card">.*?</article>', page, re.S).group(0)
    # The first screen's picture is not lazy: it is what the reader sees first.
    assert 'class="card-photo"' in lead and 'loading="lazy"' not in lead
    assert 'sizes="(min-width: 64rem) 38rem, calc(100vw - 2rem)"' in lead
    assert sorted({int(w) for w in re.findall(r" (\d+)w", lead)}) == [320, 640]  # the 16:9 cut
    assert photo.image.url not in lead


def test_a_photo_whose_renditions_are_not_made_yet_shows_the_original(client, make_article):
    article = make_article()
    photo = place_photo(article, image=SimpleUploadedFile("banjir.jpg", image_bytes("JPEG")))
    assert not photo.renditions.exists()  # the upload's transaction has not committed
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{photo.image.url}" alt="" width="64" height="48"' in page


@pytest.mark.parametrize("photos", [1, 6])
def test_article_page_queries_do_not_grow_with_photos_and_renditions(
    client, add_photo, make_article, django_assert_num_queries, photos
):
    article = make_article()
    for n in range(photos):
        add_photo(image_bytes("JPEG", size=(700, 500)), article=article, order=n)
    # the article with its section and source, photos, renditions, tags, credits with their authors, "Baca juga"
    # links with their targets, the section menu (the first page of this cache generation); no corrections asked
    # for (the story has none)
    with django_assert_num_queries(7):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("articles", [1, 8])
def test_front_page_queries_do_not_grow_with_photos_and_renditions(
    client, add_photo, make_article, django_assert_num_queries, articles
):
    for n in range(articles):
        add_photo(image_bytes("JPEG", size=(700, 500)), article=make_article(f"Berita {n}"))
    # the front page's arrangement (none), page (paged by key: no count), photos, renditions, section menu
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200


def test_deleting_a_photo_removes_the_original_and_every_rendition(
    add_photo, media_root, django_capture_on_commit_callbacks
):
    keep = add_photo(image_bytes("JPEG", size=(400, 300)), name="lain.jpg")
    photo = add_photo()
    assert len(rendition_files(media_root)) == 2 * (3 + 2 + 3 + 2 + 1) + PER_PHOTO
    with django_capture_on_commit_callbacks(execute=True):
        delete_from_library(photo)
    assert not PhotoRendition.objects.filter(photo_id=photo.pk).exists()
    remaining = stored_files(media_root)
    assert keep.image.name in remaining
    assert sorted(remaining) == sorted([keep.image.name, *(r.file.name for r in keep.renditions.all())])


def test_deleting_an_article_keeps_its_library_photo_for_other_stories(
    add_photo, media_root, django_capture_on_commit_callbacks
):
    photo = add_photo()
    before = stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        story_of(photo).delete()
    assert Photo.objects.filter(pk=photo.pk).exists() and stored_files(media_root) == before


def test_files_stay_until_the_deletion_commits(add_photo, media_root, django_capture_on_commit_callbacks):
    photo = add_photo()
    before = stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_from_library(photo)
    assert stored_files(media_root) == before  # a rollback here would leave rows and files intact
    # The original and its ten renditions (the page cache's own after-commit callbacks aside).
    assert len([callback for callback in callbacks if isinstance(callback, partial)]) == 1 + PER_PHOTO
    for callback in callbacks:
        callback()
    assert stored_files(media_root) == []


def test_replacing_a_photo_file_replaces_its_renditions(add_photo, media_root, django_capture_on_commit_callbacks):
    photo = add_photo(image_bytes("JPEG", size=(400, 300)))
    old_files = stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = SimpleUploadedFile("banjir-baru.jpg", gradient_jpeg((1000, 500)))
        photo.save()
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    assert sorted({r.width for r in original_shape(photo)}) == [160, 320, 640, 960, 1000]
    assert not set(old_files) & set(stored_files(media_root))
    assert sorted(stored_files(media_root)) == sorted(
        [photo.image.name, *(r.file.name for r in photo.renditions.all())]
    )


def test_clearing_the_image_removes_its_files(add_photo, media_root, django_capture_on_commit_callbacks):
    photo = add_photo()
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = None
        photo.save()
    assert stored_files(media_root) == [] and not photo.renditions.exists() and photo.file_hash == ""


def test_the_admin_inline_shows_the_thumbnail_rendition(photo_editor, add_photo):
    photo = add_photo()
    thumbnail = photo.renditions.get(format="jpeg", width=160, crop="1:1")
    page = photo_editor.get(f"/admin/articles/article/{story_of(photo).pk}/change/").content.decode()
    assert f'<img src="{thumbnail.file.url}"' in page
    changelist = photo_editor.get("/admin/articles/article/").content.decode()
    assert f'<img src="{thumbnail.file.url}"' in changelist


def test_make_renditions_fills_in_what_is_missing(add_photo, media_root, settings):
    photo = add_photo(image_bytes("JPEG", size=(1000, 750)))
    settings.NEWSROOM_PHOTO_WIDTHS = [320, 480, 640, 960]  # the desk adds a width
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue().strip() == "2 renditions made for 1 photos."
    assert sorted({r.width for r in original_shape(photo)}) == [160, 320, 480, 640, 960, 1000]
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue().strip() == "0 renditions made for 0 photos."


def test_make_renditions_names_the_photos_it_cannot_read(add_photo, make_article):
    good = add_photo(image_bytes("JPEG", size=(400, 300)))
    broken = add_photo(image_bytes("JPEG", size=(400, 300)), article=make_article("Foto rusak"), name="rusak.jpg")
    # The stored original went bad (a failed copy between buckets, say) and its renditions are gone.
    storage = broken.image.storage
    storage.delete(broken.image.name)
    storage.save(broken.image.name, ContentFile(b"bukan foto"))
    PhotoRendition.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=rf"1 photos could not be read \(ids {broken.pk}\)"):
        call_command("make_renditions", stdout=out, stderr=err)
    assert "rusak.jpg" in err.getvalue()
    per_photo = 2 * (3 + 2 + 3 + 2 + 1)  # a 400×300 photo: widths up to its own in each shape
    assert f"{per_photo} renditions made for 1 photos." in out.getvalue()
    assert good.renditions.count() == per_photo
