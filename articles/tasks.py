"""Background work of the photo desk, run by the worker (`manage.py db_worker`, deploy/newsroom-worker.service).

The tasks go through Django's tasks API (the `django_tasks` backport until Django 6) with the database backend, so
a desk needs no other service: the queue is a table, on SQLite as on PostgreSQL.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .renditions import ensure_renditions

logger = logging.getLogger(__name__)


@task()
def make_renditions(photo_id, attempt=1):
    """Make the renditions a library photo lacks; on failure try again later, a few times, each wait longer.

    Returns how many renditions were made (0 when the photo is gone or has them all already).
    """
    from .models import Photo  # the models module enqueues this task

    photo = Photo.objects.filter(pk=photo_id).prefetch_related("renditions").first()
    if photo is None or not photo.image:
        return 0
    try:
        return len(ensure_renditions(photo))
    except Exception:
        # A full disk or a storage hiccup passes; a damaged file fails every attempt and stays on the original.
        attempts = settings.NEWSROOM_RENDITION_ATTEMPTS
        if attempt < attempts:
            delay = timedelta(seconds=settings.NEWSROOM_RENDITION_RETRY_SECONDS * 2 ** (attempt - 1))
            make_renditions.using(run_after=timezone.now() + delay).enqueue(photo_id, attempt + 1)
            logger.warning("Renditions of photo %s failed (attempt %s of %s); retrying", photo_id, attempt, attempts)
        else:
            logger.error("Renditions of photo %s failed %s times; readers see the original", photo_id, attempts)
        raise
