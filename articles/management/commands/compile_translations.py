"""Compile the project's .po files into the .mo files Django reads.

Django's own compilemessages needs GNU gettext's msgfmt, which a fresh developer machine often
lacks; polib is pure Python, so the two-command quick start works everywhere.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (no GNU gettext needed)."

    def handle(self, *args, **options):
        po_files = sorted(path for root in settings.LOCALE_PATHS for path in Path(root).glob("*/LC_MESSAGES/*.po"))
        if not po_files:
            raise CommandError(f"No .po files under {', '.join(map(str, settings.LOCALE_PATHS))}.")
        for po_path in po_files:
            try:
                catalog = polib.pofile(str(po_path))
            except (OSError, ValueError) as error:
                raise CommandError(f"{po_path}: {error}") from error
            catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
            if options["verbosity"] >= 2:
                self.stdout.write(f"{po_path}: {catalog.percent_translated()}% translated")
        if options["verbosity"] >= 1:
            self.stdout.write(f"Compiled {len(po_files)} translation catalogues.")
