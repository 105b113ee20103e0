"""Library photos placed in stories, as the desk sets them up in tests, and the worker that makes renditions."""

import io
import signal

from django.core.management import call_command

from articles.models import Photo, PhotoUse


def place_photo(article, order=0, *, story_caption="", photo=None, **fields):
    """A new library photo (or `photo`) used in `article` at `order`; returns the use, read like a photo."""
    photo = photo or Photo.objects.create(**fields)
    return PhotoUse.objects.create(article=article, photo=photo, order=order, story_caption=story_caption)


def library_form(**fields):
    """The library's add/change form as the admin posts it."""
    form = {
        "caption": "",
        "credit": "",
        "alt_text": "",
        "date_taken": "",
        "place": "",
        "photographer": "",
        "keywords": "",
        "usage_terms": "",
        "licence_expires": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    form.update(fields)
    return form


def run_worker():
    """The rendition worker as deployed (`manage.py db_worker`), run until the queue is empty.

    The worker installs its own SIGINT/SIGTERM handlers for a graceful stop; the test run's own come back after.
    """
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    out = io.StringIO()
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=out, stderr=out)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return out.getvalue()
