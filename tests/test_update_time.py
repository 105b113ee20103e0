"""A real update, marked by an editor, is told to readers ("Diperbarui: ...") and to machines alike; a typo fix
is not."""

import json
from datetime import UTC, datetime

import feedparser
import pytest
from django.urls import reverse
from lxml import etree, html

from articles.models import Article
from articles.public.structured_data import wib_iso
from tests.admin_forms import change_form_data
from tests.test_page_cache import cached

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PUBLISHED = datetime(2026, 12, 5, 1, 30, tzinfo=UTC)  # Sabtu, 5 Desember 2026 08:30 WIB
UPDATED = datetime(2026, 12, 5, 3, 12, tzinfo=UTC)  # 10:12 WIB


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save_in_admin(client, article, **changes):
    return client.post(change_url(article), change_form_data(client.get(change_url(article)), **changes))


def what_readers_and_machines_see(client, article):
    page = client.get(article.get_absolute_url())
    tree = html.fromstring(page.content)
    [meta] = tree.find_class("meta")
    [json_ld] = tree.xpath("//script[@type='application/ld+json']/text()")
    [entry] = feedparser.parse(client.get("/feed/atom/").content).entries
    news = etree.fromstring(client.get("/sitemap-news.xml").content)
    return {
        "meta": " ".join(meta.text_content().split()),
        "dateModified": json.loads(json_ld)["dateModified"],
        "feed updated": entry.updated,
        "news lastmod": news.xpath("//sm:lastmod/text()", namespaces=NS),
    }


@pytest.fixture
def story(make_article, clock):
    clock.now = PUBLISHED
    return make_article("Banjir di Rumbai", published_at=PUBLISHED)


@pytest.fixture
def editor(login, desk_user):
    return login(desk_user("Editor"))


def test_a_marked_update_is_shown_with_its_time_everywhere(editor, story, clock, client):
    clock.now = UPDATED
    response = save_in_admin(editor, story, body="Pekanbaru - Air mulai surut.", announce_update="on")
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    client.logout()
    seen = what_readers_and_machines_see(client, story)
    assert seen["meta"] == "Sabtu, 5 Desember 2026 08:30 WIB · Diperbarui: Sabtu, 5 Desember 2026 10:12 WIB"
    assert seen["dateModified"] == "2026-12-05T10:12:00+07:00"
    assert datetime.fromisoformat(seen["feed updated"]) == UPDATED
    assert seen["news lastmod"] == [wib_iso(UPDATED)]


def test_a_typo_fix_is_no_update_for_readers(editor, story, clock, client):
    clock.now = UPDATED
    assert save_in_admin(editor, story, headline="Banjir di Rumbai, Pekanbaru").status_code == 302
    client.logout()
    seen = what_readers_and_machines_see(client, story)
    assert "Diperbarui" not in seen["meta"]
    assert seen["dateModified"] == "2026-12-05T08:30:00+07:00"
    assert datetime.fromisoformat(seen["feed updated"]) == PUBLISHED
    assert seen["news lastmod"] == [wib_iso(PUBLISHED)]


def test_only_a_published_story_can_be_marked_updated(editor, make_article):
    draft = make_article("Draf banjir", status=Article.Status.DRAFT)
    response = save_in_admin(editor, draft, announce_update="on")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["announce_update"] == [
        "Hanya artikel yang sudah terbit yang dapat ditandai diperbarui bagi pembaca."
    ]
    draft.refresh_from_db()
    assert draft.updated_for_readers_at is None


def test_a_reporter_is_not_offered_the_update_mark(login, desk_user, make_article):
    reporter = desk_user("Reporter")
    draft = make_article("Draf wartawan", status=Article.Status.DRAFT, created_by=reporter)
    page = login(reporter).get(change_url(draft))
    assert page.status_code == 200
    assert 'name="announce_update"' not in page.content.decode()


def test_the_cached_page_shows_the_update_at_once(story, clock, client, login, desk_user, django_assert_num_queries):
    cached(client, story.get_absolute_url(), django_assert_num_queries)
    clock.now = UPDATED
    assert save_in_admin(login(desk_user("Editor")), story, announce_update="on").status_code == 302
    client.logout()
    assert "Diperbarui" in client.get(story.get_absolute_url()).content.decode()
