"""Continuous ingest of the agencies' drop folder (see articles/importing/dropfolder.py for the folder's rules).

    manage.py ingest /srv/newsroom/drop            runs until stopped (SIGTERM or Ctrl-C), polling every 10 s
    manage.py ingest /srv/newsroom/drop --once     imports what is ready and exits (cron, tests)

Each file is imported like `import_articles FILE` (its own transaction, revisions on), then moved to done/ or
failed/; one line per file goes to standard output, for the journal. deploy/newsroom-ingest.service runs it
under systemd.
"""

import signal
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.utils import timezone

from articles.importing.dropfolder import AlreadyRunning, DropFolder
from articles.importing.readers import FORMATS
from articles.importing.run import import_inputs
from articles.models import Article
from newsroom.observability import count_import

from .import_articles import import_limits, import_options


class Command(BaseCommand):
    help = "Import agency files from a drop folder as they arrive; each goes to done/ or failed/ afterwards."

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="the drop folder the agencies deliver to")
        parser.add_argument("--once", action="store_true", help="import the files that are ready, then exit")
        parser.add_argument("--interval", type=float, default=10, help="seconds between looks (default 10)")
        parser.add_argument(
            "--settle",
            type=float,
            default=5,
            help="seconds a file must stand unchanged to count as completely written (default 5)",
        )
        parser.add_argument("--format", choices=list(FORMATS), default="text", dest="input_format")
        parser.add_argument(
            "--status",
            choices=[Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED],
            help="status of new articles (default: draft); copy under embargo is scheduled for its time",
        )
        parser.add_argument("--section", help="name or slug of an existing section for new articles")
        parser.add_argument("--source", default="", help="source for copy that names none (e.g. ANTARA)")
        parser.add_argument("--language", default="id", help="ISO 639-1 code for copy with no language line")

    def handle(self, *args, folder, once, interval, settle, input_format, **options):
        root = Path(folder)
        if not root.is_dir():
            raise CommandError(
                f"{folder}: no such folder. Create it (and give the agencies' upload account write access)."
            )
        if interval <= 0 or settle < 0:
            raise CommandError("--interval must be positive and --settle not negative.")
        run_options = import_options(
            {**options, "published_at": None, "keep_revisions": True}, input_format=input_format
        )
        self.settings = {
            "input_format": input_format,
            "limits": import_limits(),
            "options": run_options,
            "batch_size": 1,
        }
        drop = DropFolder(root, FORMATS[input_format].pattern, settle)
        try:
            drop.lock()
        except AlreadyRunning:
            raise CommandError(f"{root}: another ingest is running on this folder; only one may.") from None
        self.stopping = False
        previous = signal.signal(signal.SIGTERM, self.stop)
        failed = 0
        try:
            while not self.stopping:
                if not connection.in_atomic_block:
                    # A database restarted overnight: reconnect rather than fail every file from then on.
                    close_old_connections()
                for path in drop.ready_files():
                    failed += not self.ingest(drop, path)
                    if self.stopping:
                        break
                if once:
                    break
                self.wait(interval)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            drop.unlock()
        if once and failed:
            raise CommandError(f"{failed} file(s) failed; they are in {drop.failed} with the reason beside each.")

    def wait(self, seconds):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.5, seconds))

    def stop(self, signum, frame):
        # Finish the file in hand, then stop: systemd's stop waits for it.
        self.stopping = True

    def ingest(self, drop, path) -> bool:
        reports = list(import_inputs([path], **self.settings))
        for report in reports:
            count_import(report)
        errors = [report.error for report in reports if report.error]
        moved = drop.finish(path, error="\n".join(errors))
        when = timezone.localtime().isoformat(timespec="seconds")
        if errors:
            self.stderr.write(f"{when} {path.name}: failed, moved to {moved}: {errors[0]}")
        elif len(reports) == 1:
            self.stdout.write(f"{when} {path.name}: {reports[0].outcome} {reports[0].slug}")
        else:  # a ninjs file of many stories
            counts = Counter(report.outcome for report in reports)
            self.stdout.write(
                f"{when} {path.name}: {', '.join(f'{o} {n}' for o, n in sorted(counts.items())) or 'empty'}"
            )
        return not errors
