"""A large archive on the small default site: search results and the desk's article list count no further than a
cap and say so, the article list reads no column over all rows, and a tag's form counts its articles instead of
listing them. (The query plans at scale are tests/test_scale_plans.py's, on PostgreSQL.)"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html
from taggit.models import Tag

from articles import search
from articles.admin.article import ArchivePaginator, ArticleAdmin
from articles.models import Article

pytestmark = pytest.mark.django_db
ARTICLE_LIST = "/admin/articles/article/"


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("redaktur", "redaktur@example.com", "rahasia-redaksi")
    client.force_login(user)
    return client


def routine_stories(count, *, word="banjir"):
    """`count` published stories that all mention `word`, in one insert."""
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Laporan rutin {word} nomor {n}",
            slug=f"laporan-rutin-{n}",
            headline_key=f"laporan rutin {word} nomor {n}",
            body=f"Warga melaporkan {word} di kecamatan.",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(count)
    )


def summary(client, url, query):
    page = html.fromstring(client.get(url, {"q": query}).content)
    return page.xpath("string(//h2[@id='search-results-title'])")


def test_a_common_word_is_counted_up_to_a_thousand_and_the_page_says_more(client):
    routine_stories(search.RESULTS_CAP + 1)
    assert summary(client, "/cari/", "banjir") == "Lebih dari 1.000 hasil untuk “banjir”"
    assert summary(client, "/en/cari/", "banjir") == "More than 1,000 results for “banjir”"
    response = client.get("/cari/", {"q": "banjir", "page": "last"})
    assert response.context_data["paginator"].count == search.RESULTS_CAP
    assert response.context_data["page_obj"].end_index() == search.RESULTS_CAP


def test_up_to_the_cap_the_exact_count_is_shown(client):
    routine_stories(search.RESULTS_CAP)
    assert summary(client, "/cari/", "banjir") == "1000 berita ditemukan untuk “banjir”"
    assert summary(client, "/en/cari/", "banjir") == "1000 articles found for “banjir”"


def test_article_list_counts_no_further_than_its_cap_and_says_so(editor_client, monkeypatch):
    monkeypatch.setattr(ArchivePaginator, "COUNT_CAP", 3)
    routine_stories(5)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(ARTICLE_LIST)
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert counts, "the paginator counts"
    # Every count stops at the cap: no COUNT(*) of the whole archive, filtered or not.
    assert all("LIMIT 4" in sql for sql in counts), counts
    assert "lebih dari 3 artikel" in " ".join(
        html.fromstring(response.content).xpath("string(//p[@class='paginator'])").split()
    )
    assert response.context["cl"].result_count == 3


def test_article_list_reads_no_distinct_values_of_the_archive(editor_client, make_article):
    make_article("Flood in Pekanbaru", language="en")
    routine_stories(3)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(ARTICLE_LIST)
    # The date hierarchy's DISTINCT years and the language filter's DISTINCT codes read every row of a big archive.
    assert not [query["sql"] for query in queries if "DISTINCT" in query["sql"].upper()]
    assert response.context["cl"].date_hierarchy is None
    filters = {spec.title: spec for spec in response.context["cl"].filter_specs}
    assert "waktu terbit" in filters


def test_searching_the_article_list_counts_no_further_than_its_cap(editor_client, make_article, monkeypatch):
    monkeypatch.setattr(ArchivePaginator, "COUNT_CAP", 3)
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 2)
    routine_stories(5, word="kebakaran")
    make_article("Harga sawit naik")
    cl = editor_client.get(ARTICLE_LIST, {"q": "kebakaran"}).context["cl"]
    assert (cl.result_count, cl.paginator.more, cl.paginator.num_pages) == (3, True, 2)
    assert [article.headline for article in cl.result_list] == [
        "Laporan rutin kebakaran nomor 0",
        "Laporan rutin kebakaran nomor 1",
    ]


def tag_form(client, tag):
    return html.fromstring(client.get(f"/admin/taggit/tag/{tag.pk}/change/").content)


@pytest.mark.parametrize("tagged", [2, 20])
def test_tag_form_counts_its_articles_and_links_to_them(
    editor_client, make_article, django_assert_max_num_queries, tagged
):
    for n in range(tagged):
        make_article(f"Harga sawit naik {n}", tags=["Sawit"])
    make_article("Harga karet turun", tags=["Karet"])
    sawit = Tag.objects.get(name="Sawit")
    # The same handful of queries for 2 articles or 20: no inline row per tagging.
    with django_assert_max_num_queries(12):
        page = tag_form(editor_client, sawit)
    [link] = page.xpath("//div[contains(@class, 'field-articles')]//a")
    assert link.text == f"{tagged} artikel"
    assert link.get("href") == f"{ARTICLE_LIST}?tag={sawit.pk}"
    assert not page.xpath("//*[contains(@id, 'articletag') or contains(@id, 'taggeditem')]")

    listed = editor_client.get(link.get("href"))
    assert sorted(a.headline for a in listed.context["cl"].result_list) == sorted(
        f"Harga sawit naik {n}" for n in range(tagged)
    )
    shown = html.fromstring(listed.content)
    assert shown.xpath("string(//details[@data-filter-title='tag']//li[@class='selected'])").strip() == "Sawit"
