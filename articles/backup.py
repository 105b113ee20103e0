"""The whole site in one file, and back: every row of the database and every media file.

A backup is a gzipped tar archive:

    manifest.json     when it was made, the migrations its database had, how many rows of each model
    database.json     Django's `dumpdata` of every app (content types and permissions by their natural keys,
                      so they need not have the same ids in the database restored into)
    media/...         the files of the default storage (photos, renditions), by their storage names

`dumpdata` rather than `pg_dump`: the same backup restores into PostgreSQL or SQLite (a laptop, a test), and
it carries revisions, the audit trail, corrections, old addresses, users and their second factors alike.
What it does not carry is derived and rebuilt: sessions, the page cache, PostgreSQL's search documents
(their triggers fill them again as rows come back).
"""

import io
import json
import os
import shutil
import tarfile
import tempfile
from collections import Counter
from pathlib import PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
# Rebuilt by `migrate` (content types, permissions) or of no worth after a restore (sessions).
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """Why a backup cannot be restored here; the message says what to do."""


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def write_backup(path, *, media=True) -> Counter:
    """Write the site to `path` (a .tar.gz); the rows stored, by model label."""
    with tempfile.TemporaryDirectory() as work:
        dump = os.path.join(work, "database.json")
        # The base managers: every row, and no column left deferred (an article's search document is, by its
        # default manager, which would cost a query per article).
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            use_base_manager=True,
            output=dump,
            verbosity=0,
        )
        counts = row_counts()
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "rows": dict(sorted(counts.items())),
        }
        partial = f"{path}.partial"
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname="database.json")
            if media:
                for name in _stored_files():
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = default_storage.size(name)
                    info.mtime = int(default_storage.get_modified_time(name).timestamp())
                    with default_storage.open(name, "rb") as f:
                        archive.addfile(info, f)
        os.replace(partial, path)  # a backup is complete or not there
    return counts


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _stored_files(folder=""):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # no upload yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _stored_files(f"{folder}/{sub}" if folder else sub)


def read_manifest(archive) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError):
        raise BackupError("this is not a backup made by `manage.py backup` (no manifest.json)") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"backup format {manifest.get('format')!r} is not one this version reads")
    return manifest


def check_target(manifest) -> None:
    """The database must be migrated at least as far as the backup's, and hold no site yet."""
    missing = {tuple(m) for m in manifest["migrations"]} - {tuple(m) for m in applied_migrations()}
    if missing:
        raise BackupError(
            f"the database lacks {len(missing)} migration(s) the backup has (e.g. {'.'.join(sorted(missing)[0])}): "
            "run `manage.py migrate` with this version of the site first"
        )
    from django.contrib.auth import get_user_model

    from .models import Article

    if Article.objects.exists() or get_user_model().objects.exists():
        raise BackupError("the database already holds articles or users: restore into an empty, migrated database")


def restore_backup(path) -> Counter:
    """Restore a backup into an empty, migrated database and the default storage; the rows restored, by model."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        check_target(manifest)
        with tempfile.TemporaryDirectory() as work:
            dump = os.path.join(work, "database.json")
            with open(dump, "wb") as f:
                shutil.copyfileobj(archive.extractfile("database.json"), f)
            with transaction.atomic():
                # The roles the migrations created come back as the backup has them (same ids, same permissions).
                Group.objects.all().delete()
                call_command("loaddata", dump, verbosity=0)
        for member in archive:
            name = _media_name(member)
            if name is not None:
                # Through the storage, so a restore into object storage works alike; an empty target keeps names.
                default_storage.save(name, archive.extractfile(member))
    return Counter(manifest["rows"])


def _media_name(member) -> str | None:
    """The storage name of a media file in the archive; None for anything else (and for unsafe names)."""
    if not member.isfile() or not member.name.startswith("media/"):
        return None
    name = PurePosixPath(member.name[len("media/") :])
    if name.is_absolute() or ".." in name.parts or not name.parts:
        return None
    return str(name)


def row_counts() -> Counter:
    """Rows of every model a backup carries, as `manifest.json` counts them."""
    counts = Counter()
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or label.split(".")[0] in EXCLUDED or label in EXCLUDED:
            continue
        if n := model._base_manager.count():
            counts[label] = n
    return counts
