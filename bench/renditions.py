"""The photo desk's uploads and renditions: how long an editor waits for an upload, before and after renditions
moved to the worker, and how many renditions per second the worker makes.

    .venv/bin/python -m bench.renditions --photos 12 --size 4000x3000

In a temporary SQLite database and media folder (nothing of the project's is touched) it:

1. "before": posts each photo to the library's admin form with renditions made inside the request, as uploads
   did before the worker (Django's ImmediateBackend runs the task in the request's commit);
2. "after": posts the same photos with the site's own settings: the request stores the original and queues a
   task (django-tasks-db);
3. runs the real worker (`manage.py db_worker --batch`, a process of its own) over the queue of step 2 and
   prints renditions per second and photos per second.

Request times are wall-clock through Django's test client (no network), median and slowest of N uploads of a
synthetic agency JPEG (a gradient with noise, quality 90, the given size).
"""

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def agency_jpeg(width, height, seed):
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(400):  # detail, so the encoder has real work (a flat picture compresses to nothing)
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 200)), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def upload_times(client, photos, label):
    from django.core.files.uploadedfile import SimpleUploadedFile

    times = []
    for n, content in enumerate(photos):
        form = {
            "image": SimpleUploadedFile(f"{label}-{n}.jpg", content, content_type="image/jpeg"),
            "caption": f"Foto {label} {n}",
            "credit": "ANTARA FOTO",
            "alt_text": "Foto uji",
            "focal_x": "0.5",
            "focal_y": "0.5",
        }
        began = time.perf_counter()
        response = client.post("/admin/articles/photo/add/", form)
        times.append(time.perf_counter() - began)
        if response.status_code != 302:
            raise SystemExit(f"upload {n} answered {response.status_code}")
    return times


def report(label, times):
    print(
        f"upload request, {label}: median {statistics.median(times) * 1000:.0f} ms, "
        f"slowest {max(times) * 1000:.0f} ms ({len(times)} uploads)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=12)
    parser.add_argument("--size", default="4000x3000", help="width x height of each uploaded JPEG")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))

    workdir = Path(tempfile.mkdtemp(prefix="newsroom-renditions-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECRET_KEY="bench-only-secret-key-never-used-for-a-real-site-0123456789",
        DEBUG="0",
        PAGE_CACHE="0",
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from articles.models import Photo, PhotoRendition

    setup_test_environment()  # the test client's hosts and response context
    call_command("migrate", verbosity=0)
    editor = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")
    client = Client()
    client.force_login(editor)
    # Two sets of pictures: the library refuses a picture it already holds (same content hash).
    photos = [agency_jpeg(width, height, n) for n in range(args.photos)]
    other_photos = [agency_jpeg(width, height, 1000 + n) for n in range(args.photos)]
    print(f"{args.photos} uploads of a {width}x{height} JPEG ({len(photos[0]) / 1e6:.1f} MB each), SQLite, {workdir}")

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
        before = upload_times(client, photos, "sebelum")
    made_in_requests = PhotoRendition.objects.count()
    report(f"before (renditions made in the request: {made_in_requests // args.photos} per photo)", before)

    first_after = Photo.objects.order_by("-pk").values_list("pk", flat=True).first()
    after = upload_times(client, other_photos, "sesudah")
    assert not PhotoRendition.objects.filter(photo_id__gt=first_after).exists(), "the request made renditions"
    report("after (the request queues a task; no resizing)", after)
    print(f"upload request: {statistics.median(before) / statistics.median(after):.1f}x faster (median)")

    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0"],
        cwd=ROOT,
        check=True,
    )
    elapsed = time.perf_counter() - began
    made = PhotoRendition.objects.filter(photo_id__gt=first_after).count()
    print(
        f"worker: {made} renditions of {args.photos} photos in {elapsed:.1f} s (process start included): "
        f"{made / elapsed:.1f} renditions/s, {args.photos / elapsed:.2f} photos/s"
    )


if __name__ == "__main__":
    main()
