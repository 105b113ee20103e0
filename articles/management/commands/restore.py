"""Restore a backup made by `manage.py backup` into an empty, migrated database. See articles/backup.py."""

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError

from articles.backup import BackupError, restore_backup, row_counts


class Command(BaseCommand):
    help = "Restore a backup (.tar.gz from `manage.py backup`) into an empty database after `manage.py migrate`."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the .tar.gz file")

    def handle(self, *args, backup, **options):
        try:
            expected = restore_backup(backup)
        except BackupError as error:
            raise CommandError(f"{backup}: {error}. Nothing was restored.") from None
        except (DatabaseError, DeserializationError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise CommandError(
                f"{backup}: the database refused the backup's rows: {first_line}. Nothing was restored."
            ) from None
        except OSError as error:
            raise CommandError(f"{backup}: cannot read the backup: {error.strerror or error}") from None
        restored = row_counts()
        missing = {label: n for label, n in expected.items() if restored.get(label, 0) < n}
        if missing:
            raise CommandError(f"Restored fewer rows than the backup holds: {missing}")
        articles = restored.get("articles.article", 0)
        self.stdout.write(
            self.style.SUCCESS(f"Restored {sum(restored.values())} rows ({articles} articles) and media.")
        )
