"""Agency copy over a desk's day: versions in order, the desk's edits held against the wire, embargo and kill."""

import io
import os
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import AgencyUpdate, Article, AuditEntry
from tests.admin_forms import open_and_post

pytestmark = pytest.mark.django_db

HEADLINE = "Polisi kerahkan personel amankan demo buruh di Jakarta"
V1 = [
    "Jakarta (ANTARA) - Polda Metro Jaya mengerahkan 300 personel untuk mengamankan demo buruh di depan DPR.",
    "Massa mulai berkumpul sejak pukul 09.00 WIB.",
    "Polisi meminta pengendara menghindari Jalan Gatot Subroto.",
]
V2 = [
    V1[0],
    "Massa mulai berkumpul sejak pukul 09.00 WIB dan jumlahnya terus bertambah hingga siang.",
    V1[2],
    "Hingga pukul 13.00 WIB demo berlangsung tertib.",
]
DESK_FIX = V1[0].replace("300 personel", "350 personel")
DESK_NOTE = "Catatan redaksi: jumlah personel diperbarui sesuai keterangan Kabid Humas."


def dump(paragraphs, *, headline=HEADLINE, service_lines=()):
    return "\n\n".join([*service_lines, headline, "id Demo, Jakarta", headline, *paragraphs, "Pewarta: Rina"]) + "\n"


def write(folder, name, text, *, minutes_ago=0):
    """A file as the agency delivered it, `minutes_ago` by its own time."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    when = (timezone.now() - timedelta(minutes=minutes_ago)).timestamp()
    os.utime(path, (when, when))
    return path


def run_import(*args, verbosity=1, expect_failure=False):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err, verbosity=verbosity)
    except CommandError as error:
        assert expect_failure, f"{error}\n{err.getvalue()}"
        return out.getvalue(), err.getvalue() + str(error)
    assert not expect_failure
    return out.getvalue(), err.getvalue()


@pytest.fixture
def editor(desk_user, client):
    user = desk_user("Editor", "redaktur")
    client.force_login(user)
    return user


def page_text(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_story_over_a_day_the_desk_edits_win_and_old_versions_never_do(tmp_path, client, editor):
    v1 = write(tmp_path, "demo-0900.txt", dump(V1), minutes_ago=60)
    out, _ = run_import(v1, "--status", "published")
    assert "imported 1, updated 0, unchanged 0, failed 0" in out
    article = Article.objects.get()

    # The desk corrects the figure and adds a note, in the admin as always.
    change_url = f"/admin/articles/article/{article.pk}/change/"
    body = "\n\n".join([DESK_FIX, *V1[1:], DESK_NOTE])
    assert open_and_post(client, change_url, body=body).status_code == 302
    client.logout()
    assert DESK_FIX in page_text(client, article)

    # The agency's second version: held for the desk, the page unchanged.
    v2 = write(tmp_path, "demo-1300.txt", dump(V2), minutes_ago=5)
    out, _ = run_import(v2, verbosity=2)
    assert "imported 0, updated 0, unchanged 0, failed 0; held 1" in out
    assert f"held: {v2} -> {article.slug}" in out
    page = page_text(client, article)
    assert DESK_FIX in page and DESK_NOTE in page and V2[3] not in page
    update = AgencyUpdate.objects.get()
    assert (update.state, update.article, update.origin) == ("pending", article, str(v2))

    # The list marks it, the dashboard lists it, the change form shows the update against the current text.
    client.force_login(editor)
    listing = client.get("/admin/articles/article/?agency_update=waiting")
    assert [a.pk for a in listing.context["cl"].result_list] == [article.pk]
    assert '<span class="agency-update-waiting">Ada pembaruan kantor berita</span>' in listing.content.decode()
    desk = dict(client.get("/admin/meja/").context["lists"])
    assert desk["Pembaruan kantor berita menunggu"] == [article]
    held = client.get(change_url).context["agency_update"]
    added = [line for change in held["changes"] for op, line in change.lines if op == "+" and line]
    assert added == [V2[1], V2[3]]
    assert held["conflicts"] == []

    # Applying it: the agency's new text, with the desk's fix and note kept; a revision and an audit entry.
    response = client.post(held["apply_url"])
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.paragraphs == [DESK_FIX, V2[1], V2[2], V2[3], DESK_NOTE]
    update.refresh_from_db()
    assert (update.state, update.decided_by) == ("applied", editor)
    entry = AuditEntry.objects.filter(article=article).first()
    assert (entry.action, entry.user, entry.detail) == ("agency_applied", editor, str(v2))
    client.logout()
    page = page_text(client, article)
    assert DESK_FIX in page and DESK_NOTE in page and V2[3] in page

    # The first version again (an archive folder re-imported): outdated, nothing changes.
    before = Article.objects.values().get()
    (tmp_path / "arsip").mkdir()
    v1_again = write(tmp_path / "arsip", "demo-0900.txt", dump(V1), minutes_ago=60)
    out, _ = run_import(tmp_path / "arsip", verbosity=2)
    assert "imported 0, updated 0, unchanged 0, failed 0; outdated 1" in out
    assert f"outdated: {v1_again} -> {article.slug}" in out
    assert Article.objects.values().get() == before


def test_versions_in_one_folder_apply_in_their_order_and_the_story_counts_once(tmp_path):
    run_import(write(tmp_path, "v1.txt", dump(V1), minutes_ago=90))
    folder = tmp_path / "hari-ini"
    folder.mkdir()
    # The newest version sorts first by name: order comes from the copy's marks, not the file names.
    write(folder, "a-demo.txt", dump([*V2, "Paragraf versi ketiga."], service_lines=["Versi: 3"]), minutes_ago=30)
    write(folder, "b-demo.txt", dump(V2, service_lines=["Versi: 2"]), minutes_ago=10)
    out, _ = run_import(folder)
    assert "imported 0, updated 1, unchanged 0, failed 0" in out
    article = Article.objects.get()
    assert article.paragraphs[-1] == "Paragraf versi ketiga." and article.agency_version == 3


def test_without_version_lines_the_file_time_orders_versions(tmp_path):
    write(tmp_path, "siang.txt", dump(V2), minutes_ago=10)
    write(tmp_path, "pagi.txt", dump(V1), minutes_ago=60)
    out, _ = run_import(tmp_path, verbosity=2)
    assert "imported 1, updated 0, unchanged 0, failed 0" in out  # one story, imported then updated
    assert Article.objects.get().paragraphs[1:] == V2[1:]
    out, _ = run_import(tmp_path / "pagi.txt")
    assert "; outdated 1" in out and Article.objects.get().paragraphs[1:] == V2[1:]


def test_a_newer_version_replaces_a_held_one_and_a_dismissed_one_does_not_come_back(tmp_path, client, editor):
    run_import(write(tmp_path, "v1.txt", dump(V1), minutes_ago=60), "--status", "published")
    article = Article.objects.get()
    change_url = f"/admin/articles/article/{article.pk}/change/"
    open_and_post(client, change_url, body="\n\n".join([DESK_FIX, *V1[1:]]))
    run_import(write(tmp_path, "v2.txt", dump(V2), minutes_ago=30))
    out, _ = run_import(write(tmp_path, "v3.txt", dump([*V2, "Demo bubar pukul 17.00 WIB."]), minutes_ago=1))
    assert "; held 1" in out
    assert list(AgencyUpdate.objects.order_by("id").values_list("state", flat=True)) == ["superseded", "pending"]

    held = client.get(change_url).context["agency_update"]
    assert client.post(held["dismiss_url"]).status_code == 302
    article.refresh_from_db()
    assert article.paragraphs[0] == DESK_FIX and "Demo bubar" not in article.body
    assert AuditEntry.objects.filter(article=article, action="agency_dismissed").exists()
    out, _ = run_import(tmp_path / "v3.txt")
    assert "imported 0, updated 0, unchanged 1, failed 0" in out
    out, _ = run_import(tmp_path / "v2.txt")
    assert "; outdated 1" in out
    assert "agency_update" not in client.get(change_url).context


def test_only_who_may_edit_the_article_decides_on_its_agency_update(tmp_path, client, editor, desk_user):
    run_import(write(tmp_path, "v1.txt", dump(V1), minutes_ago=60), "--status", "published")
    article = Article.objects.get()
    open_and_post(client, f"/admin/articles/article/{article.pk}/change/", body="\n\n".join([DESK_FIX, *V1[1:]]))
    run_import(write(tmp_path, "v2.txt", dump(V2), minutes_ago=1))
    update = AgencyUpdate.objects.get()
    apply_url = f"/admin/articles/article/{article.pk}/agency-update/{update.pk}/apply/"
    assert client.get(apply_url).status_code == 405  # a link followed by a crawler changes nothing
    client.force_login(desk_user("Reporter", "reporter"))
    assert client.post(apply_url).status_code == 403
    client.logout()
    assert client.post(apply_url).status_code == 302  # to the login
    update.refresh_from_db()
    assert update.state == "pending"


EMBARGO_TIME = "5 Desember 2099 10:00 WIB"


@pytest.mark.parametrize(
    "service_line", [f"EMBARGO: {EMBARGO_TIME}", f"Embargoed until {EMBARGO_TIME}", f"Embargo hingga {EMBARGO_TIME}"]
)
def test_copy_under_embargo_is_scheduled_for_its_time_whatever_the_status_asked(tmp_path, client, service_line):
    path = write(tmp_path, "embargo.txt", dump(V1, service_lines=[service_line]))
    run_import(path, "--status", "draft")
    article = Article.objects.get()
    assert article.state == Article.State.SCHEDULED
    assert timezone.localtime(article.published_at).isoformat() == "2099-12-05T10:00:00+07:00"
    assert client.get(article.get_absolute_url()).status_code == 404
    entry = AuditEntry.objects.get(article=article)
    assert entry.action == "scheduled" and str(path) in entry.detail
    assert "EMBARGO" not in article.body and "Embargo" not in article.body


def test_an_embargo_already_past_leaves_the_status_to_the_run(tmp_path):
    run_import(write(tmp_path, "lama.txt", dump(V1, service_lines=["EMBARGO: 5 Desember 2020 10:00 WIB"])))
    assert Article.objects.get().status == Article.Status.DRAFT


def test_an_unreadable_embargo_time_is_refused_rather_than_published(tmp_path):
    _, err = run_import(
        write(tmp_path, "embargo.txt", dump(V1, service_lines=["EMBARGO: besok pagi"])),
        "--status",
        "published",
        expect_failure=True,
    )
    assert "embargo.txt:1: embargo time 'besok pagi' not understood" in err
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "kill",
    [
        dump(["Jakarta (ANTARA) - Mohon berita ini tidak disiarkan."], headline=f"KILL: {HEADLINE}"),
        dump(["Jakarta (ANTARA) - Berita ini dibatalkan. Mohon tidak disiarkan."], headline=f"BATAL: {HEADLINE}"),
        dump(["Jakarta (ANTARA) - Berita ini ditarik karena kesalahan data."]),
        f"BATAL: {HEADLINE}\n",
    ],
    ids=["kill", "batal", "says-withdrawn", "bare-headline"],
)
def test_a_kill_notice_withdraws_the_story(tmp_path, client, kill):
    run_import(write(tmp_path, "v1.txt", dump(V1), minutes_ago=60), "--status", "published")
    article = Article.objects.get()
    assert client.get(article.get_absolute_url()).status_code == 200  # now in the page cache
    notice = write(tmp_path, "kill.txt", kill)
    out, _ = run_import(notice)
    assert "; withdrawn 1" in out
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN and Article.objects.count() == 1
    assert client.get(article.get_absolute_url()).status_code == 410
    entry = AuditEntry.objects.get(article=article)
    assert entry.action == "withdrawn" and str(notice) in entry.detail
    out, _ = run_import(notice)
    assert "imported 0, updated 0, unchanged 1, failed 0" in out


def test_a_kill_notice_for_a_story_never_received_fails_with_what_to_do(tmp_path):
    _, err = run_import(write(tmp_path, "kill.txt", f"KILL: {HEADLINE}\n"), expect_failure=True)
    assert "no imported story has that headline" in err and "withdraw it in the admin" in err


NINJS_LINE = '{"uri": "urn:uuid:6f1c4c52-4a3e-4f67-9a55-0c6a1c1e2f33", "type": "text", "headlines": [{"value": "x"}]}\n'


@pytest.mark.parametrize(
    "name, content, fmt, advice",
    [
        (
            "export.jsonl",
            NINJS_LINE * 2,
            "text",
            "looks like ninjs JSON Lines (one JSON document a line): import it with --format ninjs",
        ),
        (
            "demo.txt",
            dump(V1),
            "ninjs",
            "looks like a plain-text agency dump, not ninjs JSON Lines: import it with --format text",
        ),
        (
            "berita.html",
            "<!DOCTYPE html>\n<html><body><h1>Judul</h1></body></html>",
            "text",
            "looks like an HTML web page",
        ),
        (
            "berita.xml",
            '<?xml version="1.0"?>\n<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">',
            "text",
            "looks like a NewsML/NITF XML file",
        ),
        ("nitf.xml", "<nitf><head><title>Judul</title></head></nitf>", "ninjs", "looks like a NewsML/NITF XML file"),
    ],
)
def test_a_file_of_the_wrong_kind_gets_one_sentence_naming_the_option(tmp_path, name, content, fmt, advice):
    path = write(tmp_path, name, content)
    _, err = run_import(path, "--format", fmt, expect_failure=True)
    assert f"{path}: {advice}" in err
    assert "characters" not in err and "Expecting" not in err  # no parser error from deep inside


def test_applying_an_agency_update_keeps_the_desks_subheading_list_link_and_bold(tmp_path, client, editor):
    run_import(write(tmp_path, "demo-0900.txt", dump(V1), minutes_ago=60), "--status", "published")
    article = Article.objects.get()
    # In the rich-text editor: the figure in bold and a link in the first paragraph, and a subheading with a list
    # before the last paragraph.
    desk_body = (
        '<p>Jakarta (ANTARA) - <a href="https://polri.go.id">Polda Metro Jaya</a> mengerahkan <strong>350 personel'
        "</strong> untuk mengamankan demo buruh di depan DPR.</p>"
        f"<p>{V1[1]}</p>"
        "<h2>Jalan yang dihindari</h2><ul><li><p>Jalan Gatot Subroto</p></li><li><p>Jalan Gerbang Pemuda</p></li></ul>"
        f"<p>{V1[2]}</p>"
    )
    change_url = f"/admin/articles/article/{article.pk}/change/"
    assert open_and_post(client, change_url, body=desk_body).status_code == 302

    run_import(write(tmp_path, "demo-1300.txt", dump(V2), minutes_ago=5))
    held = client.get(change_url).context["agency_update"]
    assert held["conflicts"] == []
    assert client.post(held["apply_url"]).status_code == 302

    article.refresh_from_db()
    assert '<a href="https://polri.go.id" rel="noopener noreferrer nofollow">Polda Metro Jaya</a>' in article.body
    assert "<strong>350 personel</strong>" in article.body
    assert "<h2>Jalan yang dihindari</h2><ul><li><p>Jalan Gatot Subroto</p></li>" in article.body
    # The agency's rewritten second paragraph and its new last one.
    assert article.paragraphs[1] == V2[1] and article.paragraphs[-1] == V2[3]
    assert article.paragraphs[2:5] == ["Jalan yang dihindari", "Jalan Gatot Subroto", "Jalan Gerbang Pemuda"]


def test_a_desk_edit_of_formatting_alone_holds_the_next_version_too(tmp_path, client, editor):
    run_import(write(tmp_path, "v1.txt", dump(V1), minutes_ago=60), "--status", "published")
    article = Article.objects.get()
    # Not a word changed: a bold figure, as an editor marks it in the rich-text editor.
    bold = article.body.replace("300 personel", "<strong>300 personel</strong>")
    assert open_and_post(client, f"/admin/articles/article/{article.pk}/change/", body=bold).status_code == 302
    out, _ = run_import(write(tmp_path, "v2.txt", dump(V2), minutes_ago=5))
    # The words alone were compared before: "updated 1", and the bold was gone from the page.
    assert "; held 1" in out
    article.refresh_from_db()
    assert "<strong>300 personel</strong>" in article.body and V2[3] not in article.body
    # Copy nobody touched still updates in place.
    run_import(write(tmp_path, "other-v1.txt", dump(V1, headline="Banjir di Rumbai"), minutes_ago=60))
    out, _ = run_import(write(tmp_path, "other-v2.txt", dump(V2, headline="Banjir di Rumbai"), minutes_ago=5))
    assert "updated 1" in out
