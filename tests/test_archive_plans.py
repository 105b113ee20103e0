"""A generated archive of 50,000 stories: the statements readers' pages run stay short index walks.

The plans are PostgreSQL's own, measured with EXPLAIN (ANALYZE, BUFFERS) on the statements the pages really run
(captured while the page is served), over an archive of the issue's shape (bench/archive_data.py), not a
planner's guess on an empty table. A list page that counts the archive, or an OFFSET walk to a deep page, reads
tens of thousands of rows here and fails. PostgreSQL only: on SQLite these tests are skipped by design.
"""

import json

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import Article, Section, Source
from articles.public.pagination import older_than_query
from bench.archive_data import TOP_TAG, load

ARCHIVE_SIZE = 50_000
# "A few thousand rows" at most for any statement of a reader's list page, however deep.
MAX_ROWS_READ = 3_000

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plans are PostgreSQL's (run the suite on PostgreSQL)"
)


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """Loaded once for the module and committed (the plans need ANALYZE's statistics), then emptied again."""
    with django_db_blocker.unblock():
        load(ARCHIVE_SIZE, batch=10_000)
        yield
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE articles_article, articles_photo, articles_relatedlink, articles_articletag, taggit_tag, "
                "articles_section, articles_source CASCADE"
            )


def explained(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        document = cursor.fetchone()[0]
    return (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def rows_read(plan):
    """Rows every scan of the plan produced or threw away, over all its loops."""
    return sum(
        (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node["Actual Loops"]
        for node in nodes(plan)
        if "Scan" in node["Node Type"]
    )


def indexes_used(plan):
    return {node["Index Name"] for node in nodes(plan) if "Index Name" in node}


def statements_of(client, url):
    """Each statement the page runs, with its measured plan."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [(query["sql"], explained(query["sql"])) for query in queries.captured_queries]


def the_list_statement(statements):
    """The statement that picks the page's stories (the others load their photos, the menu...)."""
    [found] = [(sql, plan) for sql, plan in statements if sql.startswith('SELECT "articles_article"."id"')]
    return found


def deep_key(articles, back):
    return articles.order_by("-published_at", "-id").values_list("published_at", "id")[back]


def list_pages():
    published = Article.objects.published()
    top = Tag.objects.get(name=TOP_TAG)
    section, source = Section.objects.get(name="Riau"), Source.objects.get(name="ANTARA")
    # ANTARA carries over half the archive: walking the whole list's index and skipping the others is as short.
    # The newest stories, whatever their state, are first in the admin list's index too: where nearly every story is
    # published, walking it is as short, and the planner may take either (the rows read are asserted below).
    newest_first = {"article_published_order_idx", "article_pub_id_idx"}
    by_source = {"article_source_order_idx", *newest_first}
    return {
        "/": newest_first,
        "/?" + older_than_query(*deep_key(published, 30_000)): newest_first,
        f"/tag/{top.slug}/": newest_first,
        f"/tag/{top.slug}/?" + older_than_query(*deep_key(published.tagged(top), 10_000)): None,
        section.get_absolute_url(): {"article_section_order_idx"},
        source.get_absolute_url(): by_source,
        source.get_absolute_url() + "?" + older_than_query(*deep_key(published.filter(source=source), 20_000)): (
            by_source
        ),
    }


@pytest.mark.django_db
def test_every_list_page_is_a_short_index_walk_however_deep(archive, client):
    for url, intended in list_pages().items():
        statements = statements_of(client, url)
        sql, plan = the_list_statement(statements)
        if intended:
            assert intended & indexes_used(plan), (url, indexes_used(plan))
        for sql, plan in statements:
            assert "COUNT(" not in sql.upper(), (url, sql)
            assert rows_read(plan) <= MAX_ROWS_READ, (url, rows_read(plan), sql)


@pytest.mark.django_db
def test_the_top_tag_page_probes_the_taggings_instead_of_joining_them_all(archive, client):
    # The top tag is on about 40% of the stories: its page walks the list's index and checks each story's tags
    # with one probe of the article tags' (article, tag) index, with no cast of the article's id.
    top = Tag.objects.get(name=TOP_TAG)
    assert Article.objects.published().tagged(top).count() > ARCHIVE_SIZE // 4
    for url in [f"/tag/{top.slug}/", f"/tag/{top.slug}/feed/"]:
        sql, plan = the_list_statement(statements_of(client, url))
        assert "::bigint" not in sql and "taggit_taggeditem" not in sql
        assert "article_tag_unique" in indexes_used(plan), (url, indexes_used(plan))
        assert not any(node["Node Type"] == "Hash Join" for node in nodes(plan)), url
        assert rows_read(plan) <= MAX_ROWS_READ, (url, rows_read(plan))


@pytest.mark.django_db
def test_a_rarely_used_tag_starts_from_its_own_taggings(archive, client):
    # A tag of a few dozen stories: walking the whole archive newest first would read it all; its page reads the
    # tag's rows of the (tag, article) index instead, and only those stories.
    rare = (
        Tag.objects.annotate(uses=Count("articles_articletag_items"))
        .filter(uses__range=(20, 60))
        .order_by("uses", "pk")
        .first()
    )
    sql, plan = the_list_statement(statements_of(client, f"/tag/{rare.slug}/"))
    assert "article_tag_tag_idx" in indexes_used(plan), indexes_used(plan)
    assert rows_read(plan) <= 10 * rare.uses, (rows_read(plan), rare.uses)


@pytest.mark.django_db
def test_an_old_numbered_page_is_found_with_a_bounded_walk(archive, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/?page=5000")
    assert response.status_code == 302
    assert "sebelum=" in response["Location"]
    for query in queries.captured_queries:
        assert rows_read(explained(query["sql"])) <= MAX_ROWS_READ


@pytest.mark.django_db
def test_sitemaps_read_their_page_of_ids_and_the_index_counts_no_article(archive, client):
    for sql, plan in statements_of(client, "/sitemap.xml"):
        assert not ("COUNT(" in sql.upper() and "articles_article" in sql.split("FROM", 1)[1][:40]), sql
        assert rows_read(plan) <= 25_000, (rows_read(plan), sql)  # at most the tags themselves, never the taggings
    statements = statements_of(client, "/sitemap-articles.xml")
    [(sql, plan)] = [(sql, plan) for sql, plan in statements if "GREATEST" in sql]
    assert "OFFSET" not in sql
    assert rows_read(plan) <= ARCHIVE_SIZE + MAX_ROWS_READ


def test_the_tag_sitemap_checks_each_tags_first_story_from_indexes_alone(archive, client):
    # One step along each tag's taggings to its first story, and that story's state read from the covering index:
    # two index probes a tag, no table row and no tagging beyond the first.
    [(sql, plan)] = statements_of(client, "/sitemap-tags.xml")[-1:]
    assert sql.startswith('SELECT "taggit_tag"."slug"'), sql
    used = indexes_used(plan)
    assert {"article_tag_tag_idx", "article_readable_probe_idx"} <= used, used
    probes = [node for node in nodes(plan) if node.get("Index Name") == "article_readable_probe_idx"]
    assert all(node["Node Type"] == "Index Only Scan" for node in probes), probes
    assert rows_read(plan) <= 3 * Tag.objects.count(), rows_read(plan)
