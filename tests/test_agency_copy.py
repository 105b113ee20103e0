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
