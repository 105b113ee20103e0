"""The plans of the key statements on a generated archive of tens of thousands of articles (PostgreSQL only: on
SQLite these tests are skipped by design, as tests/test_search.py's are; a PostgreSQL run whose server cannot be
reached errors). Each test runs the statements as the site issues them and reads PostgreSQL's own
`EXPLAIN (ANALYZE, FORMAT JSON)`: which index served them and how many rows each step read, not a guess on an
empty table. The archive is generated once for the module (tests/generated_archive.py) and removed afterwards.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import search
from articles.admin.article import ArchivePaginator
from articles.importing.saver import _stored_copies
from articles.models import RelatedLink
from articles.text import normalise_key
from tests import generated_archive

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL's indexes"),
    pytest.mark.django_db,
]
ARCHIVE_SIZE = 30_000
PAGE_SIZE = 20


@pytest.fixture(scope="module", autouse=True)
def archive(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        generated_archive.fill(cursor, ARCHIVE_SIZE)
        # What autovacuum does on a live site: merge GIN's pending list, mark pages all-visible, gather statistics.
        cursor.execute("VACUUM ANALYZE articles_article")
        yield
        generated_archive.empty(cursor)


def plan(sql, params=(), *, analyze=True):
    """PostgreSQL's plan of a statement as a tree of dicts (actual rows included when `analyze`)."""
    options = "ANALYZE, VERBOSE, FORMAT JSON" if analyze else "VERBOSE, FORMAT JSON"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}", params)
        return cursor.fetchone()[0][0]["Plan"]


def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def queryset_plan(queryset):
    sql, params = queryset.query.sql_with_params()
    return plan(sql, params)


def statements(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return [query["sql"] for query in captured]


def indexes_used(tree):
    return {node["Index Name"] for node in nodes(tree) if "Index Name" in node}


def most_rows_read(tree):
    """The largest number of rows any step of the plan read (kept or filtered out)."""
    return max(node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0) for node in nodes(tree))


def test_a_rare_word_is_found_through_the_gin_index():
    results = search.search_articles(generated_archive.RARE_WORD)
    tree = queryset_plan(results[:PAGE_SIZE])
    assert "article_search_document_idx" in indexes_used(tree)
    assert most_rows_read(tree) <= 2 * generated_archive.RARE_COUNT
    assert len(results) == generated_archive.RARE_COUNT


@pytest.mark.parametrize("words", [generated_archive.COMMON_WORD, f"{generated_archive.FREQUENT_WORD} jakarta"])
def test_a_common_word_ranks_and_highlights_a_bounded_set(words):
    tree = queryset_plan(search.search_articles(words)[:PAGE_SIZE])
    [ranking] = [node for node in nodes(tree) if node["Node Type"] == "Sort"]
    assert "ts_rank" in " ".join(ranking["Sort Key"])
    # Only the newest matches are ranked, however many there are (nearly every article of the archive here)...
    assert ranking["Plans"][0]["Actual Rows"] == search.RESULTS_CAP + 1
    assert most_rows_read(tree) <= 2 * (search.RESULTS_CAP + 1)
    # ...and only the page's rows are highlighted: ts_headline runs above the sort, on what the LIMIT lets through.
    highlighting = [node for node in nodes(tree) if "ts_headline" in " ".join(node.get("Output", []))]
    assert highlighting and all(node["Actual Rows"] <= PAGE_SIZE for node in highlighting)


def test_the_results_count_stops_at_the_cap(client):
    sql = statements(lambda: client.get("/cari/", {"q": generated_archive.COMMON_WORD}))
    [count] = [statement for statement in sql if "COUNT(" in statement]
    assert most_rows_read(plan(count)) <= search.RESULTS_CAP + 1
    assert "Lebih dari 1.000 hasil" in client.get("/cari/", {"q": generated_archive.COMMON_WORD}).content.decode()


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("redaktur", "redaktur@example.com", "rahasia"))
    return client


@pytest.mark.parametrize(
    "params", [{}, {"state": "published"}, {"q": generated_archive.FREQUENT_WORD}, {"language": "id"}]
)
def test_the_article_list_counts_no_further_than_its_cap_and_walks_an_index(editor_client, monkeypatch, params):
    # A cap well below the archive's size, so that a count of every row cannot pass for a capped one.
    monkeypatch.setattr(ArchivePaginator, "COUNT_CAP", 1_000)
    sql = statements(lambda: editor_client.get("/admin/articles/article/", params))
    counts = [statement for statement in sql if "COUNT(" in statement and "articles_article" in statement]
    assert counts
    for count in counts:
        assert most_rows_read(plan(count)) <= 2 * (ArchivePaginator.COUNT_CAP + 1), count
    [page] = [statement for statement in sql if statement.startswith('SELECT "articles_article"."id", ')]
    tree = plan(page)
    # The page of 100 is read in the list's order from an index, not sorted out of every row.
    assert not [node for node in nodes(tree) if node["Node Type"] == "Sort"]
    assert most_rows_read(tree) <= 1_000


def test_the_importers_duplicate_check_uses_the_fingerprint_index():
    fingerprints = [f"{n:064x}" for n in range(200)]
    [lookup] = statements(lambda: _stored_copies(fingerprints))
    tree = plan(lookup)
    assert "article_unique_fingerprint" in indexes_used(tree)
    assert not [node for node in nodes(tree) if node["Node Type"] == "Seq Scan"]


def test_an_import_reads_the_archive_only_through_indexes(tmp_path):
    # A new story whose "Baca juga" names a story of the archive, and one that names a story still to come.
    archived = "Sekolah Presiden Pemerintah Pemilu Pemerintah Pemerintah Pemerintah Pendidikan 1"
    (tmp_path / "baru.txt").write_text(
        "Banjir rendam Pekanbaru\n\nid Banjir, Riau\n\nBanjir rendam Pekanbaru\n\n"
        "Pekanbaru (ANTARA) - Hujan deras sejak pagi.\n\n"
        f"Baca juga: {archived}\n\nBaca juga: Banjir surut di Kampar\n\nSumber: Antara\n",
        encoding="utf-8",
    )
    sql = statements(lambda: call_command("import_articles", str(tmp_path), "--status", "published", "-v0"))
    reads = [s for s in sql if s.startswith(("SELECT", "UPDATE")) and '"articles_article"' in s]
    assert reads
    for statement in reads:
        tree = plan(statement, analyze=False)
        scans = [node for node in nodes(tree) if node["Node Type"] == "Seq Scan"]
        assert not [node for node in scans if node["Relation Name"] == "articles_article"], statement


def test_a_waiting_title_finds_the_oldest_story_of_its_headline_as_the_index_first_entry(make_article):
    # A "Baca juga" title written before its story arrived; the story is in the archive now. The oldest story with
    # the headline is the first entry of (headline, id): nothing walks the archive in id order looking for it.
    archived = "Sekolah Presiden Pemerintah Pemilu Pemerintah Pemerintah Pemerintah Pendidikan 1"
    citing = make_article("Banjir rendam Pekanbaru")
    RelatedLink.objects.create(article=citing, title="Judul yang belum ada")
    RelatedLink.objects.filter(article=citing).update(title_key=normalise_key(archived))
    [update] = statements(lambda: RelatedLink.objects.link_waiting([normalise_key(archived)]))
    tree = plan(update)
    assert "article_headline_key_id_idx" in indexes_used(tree)
    assert most_rows_read(tree) <= 10
