"""Crops that fit: every shape a page or a machine asks for is cut around the photo's focal point."""

import json
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageDraw

from articles.crops import crop_box, planned
from articles.models import Photo
from articles.tasks import make_renditions
from tests.photo_library import library_form, place_photo

pytestmark = pytest.mark.django_db


def speaker_at_the_right():
    """A 1600×900 press-conference picture: a grey room, the speaker (red) near the right edge."""
    image = Image.new("RGB", (1600, 900), (120, 120, 120))
    ImageDraw.Draw(image).rectangle((1380, 300, 1520, 600), fill=(220, 20, 20))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def pixels(rendition):
    with rendition.file.open("rb") as file, Image.open(file) as image:
        return image.convert("RGB").copy()


def reddish(pixel):
    red, green, blue = pixel
    return red > 180 and green < 90 and blue < 90


@pytest.mark.parametrize(
    ("crop", "focus", "box"),
    [
        ("1:1", (0.5, 0.5), (350, 0, 1250, 900)),  # the middle
        ("1:1", (0.9, 0.5), (700, 0, 1600, 900)),  # pushed to the right edge, never past it
        ("1:1", (0.0, 0.5), (0, 0, 900, 900)),
        ("4:3", (0.9, 0.5), (400, 0, 1600, 900)),
        ("social", (0.5, 0.1), (0, 0, 1600, 840)),  # 1200:630 of a 16:9 picture: the full width, cut at the top
        ("original", (0.9, 0.9), (0, 0, 1600, 900)),
    ],
)
def test_a_cut_is_the_largest_box_of_its_shape_centred_on_the_focal_point(crop, focus, box):
    assert crop_box(1600, 900, crop, focus) == box


def test_no_cut_is_wider_than_the_part_of_the_picture_it_comes_from():
    for crop, width, height in planned(400, 300):
        left, top, right, bottom = crop_box(400, 300, crop)
        assert width <= right - left and abs(width / height - (right - left) / (bottom - top)) < 0.02, crop


def test_every_shape_is_cut_around_the_focal_point(make_article):
    use = place_photo(make_article(), image=SimpleUploadedFile("jumpa-pers.jpg", speaker_at_the_right()))
    photo = use.photo
    photo.focal_x, photo.focal_y = 0.9, 0.5
    photo.save()
    make_renditions.call(photo.pk)
    for crop in ("1:1", "4:3", "social", "16:9"):
        cut = pixels(photo.renditions.filter(crop=crop, format="jpeg").order_by("-width").first())
        # The speaker (the middle of the red box, 1450, 450 in the original) is in every cut, where the box puts him.
        left, top, right, bottom = crop_box(1600, 900, crop, (0.9, 0.5))
        x, y = (1450 - left) / (right - left) * cut.width, (450 - top) / (bottom - top) * cut.height
        assert 0 < x < cut.width and reddish(cut.getpixel((round(x), round(y)))), crop
    square = pixels(photo.renditions.get(crop="1:1", format="jpeg", width=160))
    assert not reddish(square.getpixel((5, 80)))


def test_moving_the_focal_point_cuts_again_under_new_names_and_keeps_the_original_shape(
    make_article, django_capture_on_commit_callbacks
):
    photo = place_photo(make_article(), image=SimpleUploadedFile("jumpa-pers.jpg", speaker_at_the_right())).photo
    make_renditions.call(photo.pk)
    originals = set(photo.renditions.filter(crop="original").values_list("file", flat=True))
    old_cuts = set(photo.renditions.exclude(crop="original").values_list("file", flat=True))
    square = pixels(photo.renditions.get(crop="1:1", format="jpeg", width=160))
    assert not reddish(square.getpixel((150, 80)))  # centred: the speaker is outside the square

    queued = DBTaskResult.objects.count()
    photo.focal_x = 0.9
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()
    assert not photo.renditions.exclude(crop="original").exists()  # the old cuts go at once
    assert DBTaskResult.objects.count() == queued + 1  # the worker is asked for new ones
    make_renditions.call(photo.pk)
    assert set(photo.renditions.filter(crop="original").values_list("file", flat=True)) == originals
    new_cuts = set(photo.renditions.exclude(crop="original").values_list("file", flat=True))
    assert new_cuts and not new_cuts & old_cuts  # caches have never seen these addresses
    square = pixels(photo.renditions.get(crop="1:1", format="jpeg", width=160))
    assert reddish(square.getpixel((125, 80)))


def test_the_social_card_and_json_ld_offer_the_cuts(client, make_article):
    story = make_article("Gubernur Riau beri keterangan pers", published_at=timezone.now() - timedelta(hours=1))
    photo = place_photo(
        story, image=SimpleUploadedFile("jumpa-pers.jpg", speaker_at_the_right()), alt_text="Gubernur berbicara"
    ).photo
    photo.focal_x = 0.9
    photo.save()
    make_renditions.call(photo.pk)
    page = client.get(story.get_absolute_url()).content.decode()
    card = photo.renditions.get(crop="social", format="jpeg")
    assert (card.width, card.height) == (1200, 630)
    assert f'<meta property="og:image" content="http://testserver{card.url}">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert f'<meta name="twitter:image" content="http://testserver{card.url}">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    shapes = [(image["width"], image["height"]) for image in data["image"]]
    assert shapes == [(1280, 720), (1200, 900), (900, 900)]  # 16:9, 4:3 and 1:1, as Google asks
    for image, crop in zip(data["image"], ("16:9", "4:3", "1:1"), strict=True):
        assert image["url"].endswith(photo.renditions.get(crop=crop, format="jpeg", width=image["width"]).url)


def test_the_photo_editor_sets_the_focal_point_in_the_library_form(photo_editor, django_capture_on_commit_callbacks):
    photo = Photo.objects.create(image=SimpleUploadedFile("jumpa-pers.jpg", speaker_at_the_right()))
    url = f"/admin/articles/photo/{photo.pk}/change/"
    page = photo_editor.get(url).content.decode()
    assert "data-focal-point" in page and "articles/focal_point.js" in page
    assert 'name="focal_x"' in page and "Titik fokus" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = photo_editor.post(url, library_form(focal_x="0.9", focal_y="0.5"))
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.9, 0.5)
    assert DBTaskResult.objects.filter(args_kwargs__args=[photo.pk]).count() == 1  # the worker cuts again
    response = photo_editor.post(url, library_form(focal_x="1.5", focal_y="0.5"))
    assert response.status_code == 200 and "focal_x" in response.context["adminform"].form.errors
