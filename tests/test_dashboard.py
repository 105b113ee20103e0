"""The desk ("Meja redaksi"): my drafts, waiting for review, scheduled, recently published."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import AgencyUpdate, Article

pytestmark = pytest.mark.django_db


def lists(response):
    return {str(title): [a.headline for a in articles] for title, articles in response.context["lists"]}


def test_the_desk_shows_what_needs_doing(client, make_article, desk_user):
    editor = desk_user("Editor", "redaktur")
    reporter = desk_user("Reporter", "wartawan")
    make_article("Draf saya", status=Article.Status.DRAFT, created_by=editor)
    make_article("Draf orang lain", status=Article.Status.DRAFT, created_by=reporter)
    make_article("Perlu ditinjau", status=Article.Status.REVIEW, created_by=reporter)
    make_article("Tayang besok", published_at=timezone.now() + timedelta(days=1))
    updated_by_agency = make_article("Tayang tadi")
    AgencyUpdate.objects.create(
        article=updated_by_agency,
        origin="v2.txt",
        version_time=timezone.now(),
        fingerprint="v2",
        headline="x",
        body="y",
    )
    client.force_login(editor)
    response = client.get("/admin/meja/")
    assert response.status_code == 200
    assert lists(response) == {
        "Ditugaskan kepada saya": [],
        "Draf saya": ["Draf saya"],
        "Menunggu tinjauan": ["Perlu ditinjau"],
        "Terjadwal": ["Tayang besok"],
        "Baru terbit": ["Tayang tadi"],
        "Pembaruan kantor berita menunggu": ["Tayang tadi"],
    }
    assert 'href="/admin/meja/"' in client.get("/admin/").content.decode()


def test_a_reporter_sees_only_their_own_stories_waiting_for_review(client, make_article, desk_user):
    reporter = desk_user("Reporter", "wartawan")
    make_article("Punya saya", status=Article.Status.REVIEW, created_by=reporter)
    make_article("Punya orang lain", status=Article.Status.REVIEW, created_by=desk_user("Reporter", "lain"))
    client.force_login(reporter)
    assert lists(client.get("/admin/meja/"))["Menunggu tinjauan"] == ["Punya saya"]


def test_readers_are_sent_to_the_login(client):
    response = client.get("/admin/meja/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("per_list", [1, 12])
def test_the_desk_runs_a_fixed_number_of_queries(client, make_article, desk_user, django_assert_num_queries, per_list):
    editor = desk_user("Editor", "redaktur")
    for n in range(per_list):
        make_article(f"Draf {n}", status=Article.Status.DRAFT, created_by=editor)
        make_article(f"Tinjau {n}", status=Article.Status.REVIEW, created_by=editor)
        make_article(f"Jadwal {n}", published_at=timezone.now() + timedelta(days=1), created_by=editor)
        published = make_article(f"Terbit {n}", created_by=editor)
        AgencyUpdate.objects.create(
            article=published,
            origin=f"{n}.txt",
            version_time=timezone.now(),
            fingerprint=str(n),
            headline="x",
            body="y",
        )
        make_article(f"Tugas {n}", status=Article.Status.DRAFT, assignee=editor)
    client.force_login(editor)
    # session, user, whether the user has a second factor, the user's own and group permissions, six lists (with
    # the agency updates waiting and the stories assigned to the user), and the photos whose licence has expired
    # (none here; their stories would be one more)
    with django_assert_num_queries(12):
        response = client.get("/admin/meja/")
    assert all(len(articles) == min(per_list, 10) for _, articles in response.context["lists"])
