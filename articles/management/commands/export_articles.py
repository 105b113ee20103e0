"""Export articles as IPTC ninjs 3.1, one JSON document per line: the backup, migration and syndication path.

Every article is exported by default, drafts and withdrawn ones included, because a backup that
skips them loses work; `--status` narrows it down. Articles come in id order and each document is
written with sorted keys, so exporting an unchanged database twice gives identical files.

Articles are read in chunks with their photos, tags and related links prefetched: memory stays
flat and each chunk costs the same few queries, whatever the size of the archive. With `--output`
the file is written beside its destination and renamed into place at the end, so a reader (or a
cron job's next step) never sees half an export; like any file made with mkstemp it is readable by
its owner only, since a full export holds unpublished drafts. `--to-storage NAME` stores it in the media
storage instead (the bucket with MEDIA_STORAGE=s3) under `exports/`, which is private there like originals.
"""

import json
import os
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.ninjs import article_to_ninjs

STDOUT = "-"
EXPORTS_PREFIX = "exports/"


def ninjs_line(article, *, base_url):
    return json.dumps(article_to_ninjs(article, base_url=base_url), ensure_ascii=False, sort_keys=True)


class Command(BaseCommand):
    help = "Export articles as ninjs 3.1 JSON Lines (all articles unless --status is given)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["ninjs"], default="ninjs", dest="output_format")
        destination = parser.add_mutually_exclusive_group()
        destination.add_argument("--output", default=STDOUT, metavar="FILE", help="file to write (default: stdout)")
        destination.add_argument(
            "--to-storage",
            metavar="NAME",
            help=f"store the export in the media storage (the bucket with MEDIA_STORAGE=s3) as {EXPORTS_PREFIX}NAME",
        )
        parser.add_argument(
            "--status",
            action="append",
            choices=Article.Status.values,
            help="export only articles with this status; repeat for several (default: every article)",
        )
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help=f"site address for links in the documents (default: SITE_URL, {settings.SITE_URL})",
        )
        parser.add_argument("--chunk-size", type=int, default=500, help="articles per database round (default 500)")

    def handle(self, *args, output, to_storage, status, base_url, chunk_size, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        if to_storage is not None and (not to_storage or PurePosixPath(to_storage).name != to_storage):
            raise CommandError(f"--to-storage takes a file name without folders, e.g. arsip.jsonl, not {to_storage!r}.")
        articles = Article.objects.for_ninjs().order_by("id")
        if status:
            articles = articles.filter(status__in=status)
        lines = (ninjs_line(article, base_url=base_url) for article in articles.iterator(chunk_size=chunk_size))
        if to_storage:
            stored, count = self.store(to_storage, lines)
            if options["verbosity"] >= 1:
                self.stdout.write(self.style.SUCCESS(f"exported {count} article(s) to the media storage as {stored}"))
            return
        if output == STDOUT:
            for line in lines:
                self.stdout.write(line)
            return
        count = self.write_atomically(Path(output), lines)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"exported {count} article(s) to {output}"))

    def write_atomically(self, path, lines):
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such folder. Create it or choose another --output.")
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as error:
            raise CommandError(f"{path.parent}: cannot write here: {error.strerror or error}") from None
        count = 0
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                for line in lines:
                    stream.write(line + "\n")
                    count += 1
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException as error:
            Path(temporary).unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise CommandError(f"{path}: cannot write: {error.strerror or error}") from None
            raise
        return count

    def store(self, name, lines):
        """Write the export to a temporary file, then save it whole: the storage never holds half an export."""
        count = 0
        with tempfile.TemporaryFile() as spool:
            for line in lines:
                spool.write(line.encode() + b"\n")
                count += 1
            spool.seek(0)
            return default_storage.save(f"{EXPORTS_PREFIX}{name}", File(spool, name=name)), count
