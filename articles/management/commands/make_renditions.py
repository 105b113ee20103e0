from django.core.management.base import BaseCommand, CommandError

from articles.models import Photo
from articles.renditions import ensure_renditions


class Command(BaseCommand):
    help = (
        "Make the renditions photos lack: after an import that stored files directly, after a failed "
        "upload-time run, or after NEWSROOM_PHOTO_WIDTHS changed. Existing renditions are kept."
    )

    def handle(self, *args, **options):
        photos = Photo.objects.exclude(image="").prefetch_related("renditions").order_by("pk")
        made = touched = 0
        failed = []
        for photo in photos.iterator(chunk_size=200):
            try:
                created = ensure_renditions(photo)
            except Exception as exc:  # noqa: BLE001 - report every broken file, then fail once at the end
                failed.append(photo.pk)
                self.stderr.write(f"Photo {photo.pk} ({photo.image.name}): {exc}")
                continue
            made += len(created)
            touched += bool(created)
        self.stdout.write(f"{made} renditions made for {touched} photos.")
        if failed:
            raise CommandError(
                f"{len(failed)} photos could not be read (ids {', '.join(map(str, failed))}). "
                "Upload their files again in the admin, then run make_renditions again."
            )
