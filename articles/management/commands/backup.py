"""Back the whole site up into one file: the database (every app) and the media files. See articles/backup.py."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.backup import write_backup


class Command(BaseCommand):
    help = "Write the database and the media files to one .tar.gz (restore it with `manage.py restore`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "output", nargs="?", help="file to write (default: newsroom-backup-YYYYMMDD-HHMM.tar.gz here)"
        )
        parser.add_argument("--no-media", action="store_false", dest="media", help="the database only")

    def handle(self, *args, output, media, **options):
        output = output or timezone.localtime().strftime("newsroom-backup-%Y%m%d-%H%M.tar.gz")
        try:
            counts = write_backup(output, media=media)
        except OSError as error:
            raise CommandError(f"{output}: cannot write the backup: {error.strerror or error}") from None
        articles = counts.get("articles.article", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"{output}: {sum(counts.values())} rows ({articles} articles)" + (", media files" if media else "")
            )
        )
