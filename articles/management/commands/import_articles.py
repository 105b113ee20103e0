"""Import agency copy: plain-text dumps (or ninjs JSON Lines) into articles.

The command only reads arguments, finds files and reports. Parsing is `articles.importing.parsing` (pure),
saving is `articles.importing.saver` (transactional, batched). A file that fails is named on stderr with
its line and reason and leaves nothing behind; the run goes on with the next file and exits
non-zero at the end, so a cron job or an operator notices.

`--dry-run` goes through the whole import inside a transaction that is rolled back, so its summary
says exactly what a real run would import, update or leave unchanged.
"""

import os
import sys
from contextlib import nullcontext
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.importing.incoming import ImportOptions, Outcome
from articles.importing.parsed import DEFAULT_LIMITS, ParseLimits
from articles.importing.readers import FORMATS, STDIN, Reported
from articles.importing.run import import_in_workers, import_inputs, worker_pool
from articles.models import Article, Section
from newsroom.observability import count_import

# A story whose versions did several things in one run is counted by the first of these it did.
OUTCOME_WEIGHT = [
    Outcome.WITHDRAWN,
    Outcome.IMPORTED,
    Outcome.UPDATED,
    Outcome.HELD,
    Outcome.UNCHANGED,
    Outcome.OUTDATED,
]
EXTRA_OUTCOMES = [Outcome.HELD, Outcome.OUTDATED, Outcome.WITHDRAWN]

# `--status from-document`: a restore of this site's own ninjs export keeps each article's status.
FROM_DOCUMENT = "from-document"


def import_limits() -> ParseLimits:
    """The parser's limits with the site's overrides (settings.NEWSROOM_IMPORT_LIMITS)."""
    return replace(DEFAULT_LIMITS, **getattr(settings, "NEWSROOM_IMPORT_LIMITS", {}))


def import_options(options, *, input_format) -> ImportOptions:
    """What the desk decides for a run, from the command's arguments (shared with `ingest`)."""
    status = options["status"] or Article.Status.DRAFT
    keep_document_status = status == FROM_DOCUMENT
    if keep_document_status:
        if input_format != "ninjs":
            raise CommandError(f"--status {FROM_DOCUMENT} needs --format ninjs: a text dump states no status.")
        status = Article.Status.DRAFT  # for a document that states none
    section = None
    if options["section"]:
        section = Section.objects.filter(slug=options["section"]).first() or (
            Section.objects.filter(name__iexact=options["section"]).first()
        )
        if section is None:
            known = ", ".join(Section.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(
                f"Unknown section {options['section']!r} (known: {known}). Create it in the admin first."
            )
    published_at = None
    if options["published_at"]:
        published_at = parse_datetime(options["published_at"])
        if published_at is None:
            raise CommandError(f"--published-at {options['published_at']!r} is not an ISO 8601 date and time.")
        if timezone.is_naive(published_at):
            published_at = timezone.make_aware(published_at)
    language = options["language"]
    if len(language) != 2 or not language.isalpha() or not language.islower():
        raise CommandError(f"--language {language!r} is not a two-letter ISO 639-1 code such as id or en.")
    return ImportOptions(
        status=status,
        keep_document_status=keep_document_status,
        published_at=published_at,
        section=section,
        source=options["source"].strip(),
        language=language,
        keep_revisions=options["keep_revisions"],
    )


class Command(BaseCommand):
    help = "Import agency text dumps (files, folders of *.txt, or - for standard input) as articles."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder (searched for *.txt) or -")
        parser.add_argument("--dry-run", action="store_true", help="parse and report; store nothing")
        parser.add_argument(
            "--status",
            choices=[Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED, FROM_DOCUMENT],
            help="status of new articles, whatever the copy says (default: draft, so nothing reaches readers "
            "before an editor says so; copy under an agency embargo is scheduled for the embargo's time); "
            f"{FROM_DOCUMENT}: with --format ninjs, restoring this site's own export, "
            "keep each document's pubStatus (usable: published, canceled: withdrawn, withheld or none: draft)",
        )
        parser.add_argument(
            "--published-at",
            help="publication time of new articles, ISO 8601 (default: now, when --status published); "
            "a time without offset is in the site's time zone",
        )
        parser.add_argument("--section", help="name or slug of an existing section for new articles")
        parser.add_argument("--source", default="", help="source for copy that names none (e.g. Anadolu)")
        parser.add_argument("--language", default="id", help="ISO 639-1 code for copy with no language line")
        parser.add_argument("--format", choices=list(FORMATS), default="text", dest="input_format")
        # 500: each batch has a fixed cost (a revision, its lookups, a commit); 500 took 7% less CPU than 200.
        parser.add_argument("--batch-size", type=int, default=500, help="articles per transaction (default 500)")
        parser.add_argument(
            "--no-revisions",
            action="store_false",
            dest="keep_revisions",
            help="keep no revision of the imported articles (for a one-off archive migration; about twice as fast)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes storing batches side by side (PostgreSQL only; default 1)",
        )
        parser.add_argument(
            "--max-bytes", type=int, help=f"largest file accepted (default {import_limits().max_bytes} bytes)"
        )

    def handle(self, *args, paths, dry_run, input_format, batch_size, max_bytes, workers, **options):
        self.verbosity = options["verbosity"]
        limits = import_limits() if max_bytes is None else replace(import_limits(), max_bytes=max_bytes)
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.check_workers(workers, paths=paths, dry_run=dry_run)
        import_options = self.import_options(options, input_format=input_format)
        settings = {"input_format": input_format, "limits": limits, "options": import_options, "batch_size": batch_size}
        self.counts = dict.fromkeys([*Outcome, "failed"], 0)
        self.stories = {}  # slug -> outcome: a story sent in several versions counts once
        # The workers start before the files are listed: forks, they would each carry a copy of the list.
        with worker_pool(workers) if workers > 1 else nullcontext() as pool:
            files = self.find_files(paths, input_format)
            # A text dump is one article; a ninjs file holds any number, so its total is unknown.
            progress = self.progress(len(files) if input_format == "text" else None)
            try:
                self.store(files, pool=pool, dry_run=dry_run, progress=progress, settings=settings)
            except KeyboardInterrupt:
                progress.close()
                self.report(dry_run)
                in_progress = (
                    "the workers finished the batches they held, and they are counted"
                    if pool is not None
                    else "the batch in progress was rolled back"
                )
                raise CommandError(
                    f"Interrupted. Every article counted above is stored completely; {in_progress}. "
                    "Run the same command again: stored copy counts as unchanged."
                ) from None
        progress.close()
        self.report(dry_run)
        if self.counts["failed"]:
            raise CommandError(f"{self.counts['failed']} input(s) failed; see the messages above.")

    def store(self, files, *, pool, dry_run, progress, settings):
        if pool is not None:
            for reports in import_in_workers(pool, files, **settings):
                self.count(reports)
                progress.update(len(reports))
            return
        with transaction.atomic() if dry_run else nullcontext():
            for report in import_inputs(files, **settings):
                self.count([report])
                progress.update(1)
            if dry_run:
                transaction.set_rollback(True)

    def check_workers(self, workers, *, paths, dry_run):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if workers == 1:
            return
        if connection.vendor != "postgresql":
            raise CommandError(f"{connection.vendor} lets one process write at a time: use --workers 1.")
        if dry_run:
            raise CommandError("--dry-run runs in one transaction: use --workers 1.")
        if STDIN in paths:
            raise CommandError("Standard input can be read by one process only: use --workers 1.")

    def import_options(self, options, *, input_format) -> ImportOptions:
        return import_options(options, input_format=input_format)

    def find_files(self, paths, input_format) -> list[Path | str]:
        pattern = FORMATS[input_format].pattern
        files: list[Path | str] = []
        for raw in paths:
            if raw == STDIN:
                files.append(STDIN)
                continue
            path = Path(raw)
            if path.is_dir():
                found = list(files_under(path, pattern))
                if not found:
                    self.stderr.write(self.style.WARNING(f"{path}: no {pattern} files in this folder"))
                files.extend(found)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{raw}: no such file or folder. Nothing was imported.")
        return files

    def count(self, reports: list[Reported]):
        for report in reports:
            count_import(report)
            if report.error:
                self.counts["failed"] += 1
                self.stderr.write(report.error)
                continue
            self.count_story(report.slug, Outcome(report.outcome))
            if self.verbosity >= 2:
                self.stdout.write(f"{report.outcome}: {report.origin} -> {report.slug}")

    def count_story(self, slug, outcome):
        """Count the story once, by what mattered most of what its versions did in this run."""
        before = self.stories.get(slug)
        if before is not None and OUTCOME_WEIGHT.index(before) <= OUTCOME_WEIGHT.index(outcome):
            return
        if before is not None:
            self.counts[before] -= 1
        self.stories[slug] = outcome
        self.counts[outcome] += 1

    def progress(self, total):
        if total != 1 and self.verbosity >= 1 and sys.stderr.isatty():
            from tqdm import tqdm

            return tqdm(total=total, unit="article", file=sys.stderr, leave=False)
        return _Lines(self, total)

    def report(self, dry_run):
        counts = self.counts
        summary = (
            f"imported {counts[Outcome.IMPORTED]}, updated {counts[Outcome.UPDATED]}, "
            f"unchanged {counts[Outcome.UNCHANGED]}, failed {counts['failed']}"
        )
        # What agency copy over time adds, named only when it happened.
        extra = [f"{outcome} {counts[outcome]}" for outcome in EXTRA_OUTCOMES if counts[outcome]]
        if extra:
            summary += f"; {', '.join(extra)}"
        if dry_run:
            summary = f"Dry run, nothing stored: would have {summary}"
        style = self.style.ERROR if counts["failed"] else self.style.SUCCESS
        self.stdout.write(style(summary))


class _Lines:
    """Progress for logs: a line every 1,000 files instead of a bar."""

    every = 1000

    def __init__(self, command, total):
        self.command, self.total, self.done = command, total, 0

    def update(self, n):
        self.done += n
        if self.command.verbosity >= 1 and self.done % self.every < n and self.done != self.total:
            of_total = f" of {self.total}" if self.total else ""
            self.command.stdout.write(f"... {self.done // self.every * self.every}{of_total} articles")

    def close(self):
        pass


def files_under(folder, pattern):
    """The paths, as text, of the files under `folder` (at any depth) whose names match `pattern`, in the order
    sorting their `Path`s gives: name by name, a folder's files and subfolders in one alphabetical walk.

    Text rather than `Path` objects: a run over 100,000 files held 44 MB of them for its whole length."""
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.is_dir():
            yield from files_under(entry.path, pattern)
        elif fnmatchcase(entry.name, pattern) and entry.is_file():
            yield entry.path
