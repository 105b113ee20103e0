"""The agencies' drop folder over a day: files arrive half-written, the ingest crashes and is restarted."""

import fcntl
import io
import os
import time

import pytest
from django.core.management import CommandError, call_command

from articles.importing.dropfolder import DropFolder
from articles.management.commands import ingest
from articles.models import Article

pytestmark = pytest.mark.django_db


def story(headline, paragraph="Jakarta (ANTARA) - Isi berita pertama."):
    return f"{headline}\n\nid Jakarta\n\n{headline}\n\n{paragraph}\n\nParagraf kedua.\n"


def deliver(folder, name, text, *, seconds_ago=120):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    when = time.time() - seconds_ago
    os.utime(path, (when, when))
    return path


def run_ingest(folder, *args, expect_failure=False):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", str(folder), "--once", "--settle", "30", *args, stdout=out, stderr=err)
    except CommandError as error:
        assert expect_failure, f"{error}\n{err.getvalue()}"
        return out.getvalue(), err.getvalue() + str(error)
    assert not expect_failure, err.getvalue()
    return out.getvalue(), err.getvalue()


def names(folder):
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))


def test_complete_files_are_imported_and_filed_half_written_ones_wait(tmp_path):
    deliver(tmp_path, "banjir.txt", story("Banjir melanda Pekanbaru"))
    deliver(tmp_path, "rusak.txt", "Judul saja tanpa isi\n")
    deliver(tmp_path, "sawit.txt", story("Harga sawit naik"), seconds_ago=1)  # still being written
    deliver(tmp_path, "gempa.txt.part", story("Gempa di Cianjur"))  # an upload tool's unfinished name

    out, err = run_ingest(tmp_path, expect_failure=True)
    assert names(tmp_path) == ["done", "failed", "gempa.txt.part", "sawit.txt"]
    assert names(tmp_path / "done") == ["banjir.txt"]
    assert names(tmp_path / "failed") == ["rusak.txt", "rusak.txt.error.txt"]
    assert "headline with no body" in (tmp_path / "failed" / "rusak.txt.error.txt").read_text()
    assert len(out.splitlines()) == 1 and out.rstrip().endswith("banjir.txt: imported banjir-melanda-pekanbaru")
    assert "rusak.txt: failed" in err and "1 file(s) failed" in err

    # The uploads finish; the next look takes them.
    os.utime(tmp_path / "sawit.txt", (time.time() - 60, time.time() - 60))
    (tmp_path / "gempa.txt.part").rename(tmp_path / "gempa.txt")
    os.utime(tmp_path / "gempa.txt", (time.time() - 60, time.time() - 60))
    out, _ = run_ingest(tmp_path)
    assert names(tmp_path) == ["done", "failed"]
    assert names(tmp_path / "done") == ["banjir.txt", "gempa.txt", "sawit.txt"]
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Banjir melanda Pekanbaru",
        "Gempa di Cianjur",
        "Harga sawit naik",
    ]


def test_a_crash_between_storing_and_filing_is_harmless_after_a_restart(tmp_path, monkeypatch):
    deliver(tmp_path, "banjir.txt", story("Banjir melanda Pekanbaru"))
    finish = DropFolder.finish

    def power_cut(self, path, *, error=""):
        raise SystemExit("power cut")

    monkeypatch.setattr(DropFolder, "finish", power_cut)
    with pytest.raises(SystemExit):
        run_ingest(tmp_path)
    assert names(tmp_path) == ["banjir.txt", "done", "failed"] and Article.objects.count() == 1

    monkeypatch.setattr(DropFolder, "finish", finish)
    out, _ = run_ingest(tmp_path)  # the restart: the lock died with the crashed process
    assert "banjir.txt: unchanged banjir-melanda-pekanbaru" in out
    assert names(tmp_path / "done") == ["banjir.txt"] and Article.objects.count() == 1
    # A file of the same name delivered again is filed beside the first, not over it.
    deliver(tmp_path, "banjir.txt", story("Banjir melanda Pekanbaru", "Pekanbaru (ANTARA) - Air mulai surut."))
    run_ingest(tmp_path)
    assert names(tmp_path / "done") == ["banjir-2.txt", "banjir.txt"]


def test_only_one_ingest_runs_on_a_folder(tmp_path):
    deliver(tmp_path, "banjir.txt", story("Banjir melanda Pekanbaru"))
    with open(tmp_path / ".ingest.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another ingest, already running
        _, err = run_ingest(tmp_path, expect_failure=True)
    assert "another ingest is running on this folder" in err
    assert names(tmp_path) == ["banjir.txt", "done", "failed"] and not Article.objects.exists()


def test_watching_takes_each_file_as_it_arrives_until_stopped(tmp_path, monkeypatch):
    arrivals = [story("Harga sawit naik"), story("Gempa di Cianjur")]
    looks = []

    def wait(command, seconds):
        looks.append(names(tmp_path))
        if arrivals:
            deliver(tmp_path, f"{len(arrivals)}.txt", arrivals.pop())
        else:
            command.stopping = True  # as SIGTERM from systemd does

    monkeypatch.setattr(ingest.Command, "wait", wait)
    out = io.StringIO()
    call_command("ingest", str(tmp_path), "--interval", "1", stdout=out)
    assert looks == [["done", "failed"]] * 3
    assert len(out.getvalue().splitlines()) == 2 and Article.objects.count() == 2
