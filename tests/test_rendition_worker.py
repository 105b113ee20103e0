"""Renditions are made by the worker, not by the upload: the real `db_worker` runs the queued tasks, retries a
failed one later, and the story's page moves from the original to the renditions once they exist."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Photo, PhotoRendition
from tests.photo_files import gradient_jpeg
from tests.photo_library import place_photo, run_worker

# The upload's transaction must really commit for its task to be queued, and the worker reads the queue in its
# own transactions, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def published_story(headline="Sungai Siak meluap"):
    return Article.objects.create(
        headline=headline,
        body="Pekanbaru - Banjir.",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )


def test_the_worker_makes_the_renditions_the_upload_queued_and_the_page_switches_to_them(client):
    story = published_story()
    use = place_photo(story, image=SimpleUploadedFile("siak.jpg", gradient_jpeg()), alt_text="Sungai Siak")
    photo = use.photo
    [queued] = DBTaskResult.objects.all()
    assert queued.status == "READY" and not PhotoRendition.objects.exists()
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'src="/media/asli/{photo.pk}/"' in page  # the original, downscaled by the browser, meanwhile

    run_worker()

    queued.refresh_from_db()
    made = photo.renditions.count()
    assert queued.status == "SUCCESSFUL" and queued.return_value == made == 32
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'src="/media/asli/{photo.pk}/"' not in page  # the cached page was invalidated by the renditions
    assert all(rendition.url in page for rendition in photo.renditions.filter(crop="16:9"))


def test_a_failed_run_is_tried_again_later_and_given_up_after_the_last_attempt(settings):
    settings.NEWSROOM_RENDITION_ATTEMPTS = 2
    story = published_story()
    photo = place_photo(story, image=SimpleUploadedFile("siak.jpg", gradient_jpeg())).photo
    # The stored original went bad between the upload and the worker (a half-copied file, a full disk).
    photo.image.storage.delete(photo.image.name)
    photo.image.storage.save(photo.image.name, ContentFile(b"bukan foto"))

    run_worker()

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == "FAILED" and retry.status == "READY"
    assert retry.args_kwargs["args"] == [photo.pk, 2]
    assert retry.run_after > timezone.now() + timedelta(seconds=20)  # not before its delay
    run_worker()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the worker left it for later

    # The delay passes; the file is still bad: the last attempt fails and nothing more is queued.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    retry.refresh_from_db()
    assert retry.status == "FAILED" and DBTaskResult.objects.count() == 2
    assert not PhotoRendition.objects.exists()


def test_a_photo_uploaded_again_after_a_failure_is_made_by_its_own_new_task():
    story = published_story()
    photo = place_photo(story, image=SimpleUploadedFile("siak.jpg", gradient_jpeg())).photo
    run_worker()
    photo = Photo.objects.get(pk=photo.pk)
    photo.image = SimpleUploadedFile("siak-baru.jpg", gradient_jpeg((800, 400)))
    photo.save()
    run_worker()
    assert sorted({r.width for r in photo.renditions.filter(crop="original")}) == [160, 320, 640, 800]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
