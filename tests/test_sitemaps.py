"""Search engines find every published article through the sitemaps, and news engines the latest ones."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from articles.public.sitemaps import NEWS_SITEMAPS, SITEMAPS, ArticleSitemap

pytestmark = pytest.mark.django_db

SPECS = Path(__file__).parent / "specs"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}


def schema(name):
    return etree.XMLSchema(etree.parse(str(SPECS / name)))


def without_other_namespaces(document):
    """A copy with only sitemaps.org elements: its XSD validates extensions strictly and has none of Google's."""
    copy = etree.fromstring(etree.tostring(document))
    for element in copy.xpath("//*[namespace-uri() != $ns]", ns=SITEMAP_NS):
        if element.getparent() is not None:
            element.getparent().remove(element)
    return copy


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def valid_urlset(client, url):
    document = fetch(client, url)
    urlset = schema("sitemap.xsd")
    stripped = without_other_namespaces(document)
    assert urlset.validate(stripped), urlset.error_log
    return document


def locations(document):
    return document.xpath("//sm:loc/text()", namespaces=NS)


def test_index_lists_every_sitemap_with_absolute_urls_and_validates(client, reference_article):
    index = fetch(client, "/sitemap.xml")
    siteindex = schema("siteindex.xsd")
    assert siteindex.validate(index), siteindex.error_log
    assert locations(index) == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-sources.xml",
    ]
    for lastmod in index.xpath("//sm:lastmod/text()", namespaces=NS):
        assert datetime.fromisoformat(lastmod).utcoffset() == timedelta(hours=7)


def test_a_site_without_sections_lists_no_empty_section_sitemap(client, make_article):
    # A desk that has not set up sections yet: an empty <urlset> fails the protocol's XSD, so none is listed.
    make_article("Berita tanpa rubrik", tags=["Riau"])
    index = fetch(client, "/sitemap.xml")
    siteindex = schema("siteindex.xsd")
    assert siteindex.validate(index), siteindex.error_log
    assert "http://testserver/sitemap-sections.xml" not in locations(index)
    assert "http://testserver/sitemap-tags.xml" in locations(index)
    assert client.get("/sitemap-sections.xml").status_code == 404
    valid_urlset(client, "/sitemap-tags.xml")


def test_every_sitemap_page_stays_within_the_protocols_fifty_thousand_urls():
    # Articles in blocks of 25,000 (a page of a million-story archive written within 200 ms), the rest up to 50,000.
    assert ArticleSitemap.limit == 25_000
    assert all(sitemap.limit <= 50_000 for sitemap in [*SITEMAPS.values(), *NEWS_SITEMAPS.values()])


def test_each_sitemap_lists_the_pages_readers_can_open(client, reference_article, make_article):
    make_article("Konsep yang belum terbit", status=Article.Status.DRAFT, tags=["Rahasia"])
    make_article("Terbit besok", published_at=timezone.now() + timedelta(days=1), tags=["Besok"])
    base = "http://testserver"
    expected = {
        "/sitemap-articles.xml": [base + reference_article.get_absolute_url()],
        "/sitemap-sections.xml": [base + "/rubrik/internasional/"],
        "/sitemap-tags.xml": [base + "/tag/berita-hari-ini/", base + "/tag/rusia/"],
        "/sitemap-sources.xml": [base + "/sumber/anadolu/"],
    }
    for url, pages in expected.items():
        assert locations(valid_urlset(client, url)) == pages, url


def test_article_lastmod_follows_the_last_edit(client, make_article):
    published = timezone.now() - timedelta(days=3)
    article = make_article(published_at=published)
    Article.objects.filter(pk=article.pk).update(updated_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))
    document = valid_urlset(client, "/sitemap-articles.xml")
    [lastmod] = document.xpath("//sm:url/sm:lastmod/text()", namespaces=NS)
    assert lastmod == "2030-01-02T10:04:05+07:00"


def test_article_sitemap_pages_through_a_large_archive(client, make_article, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article(f"Arsip {n}", published_at=timezone.now() - timedelta(hours=n + 1)) for n in range(5)]
    index = fetch(client, "/sitemap.xml")
    article_maps = [loc for loc in locations(index) if "sitemap-articles" in loc]
    assert article_maps == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    seen = []
    for page in ["", "?p=2", "?p=3"]:
        # the first and last published id, then the page's block of ids
        with django_assert_num_queries(2):
            seen += locations(valid_urlset(client, "/sitemap-articles.xml" + page))
    assert seen == ["http://testserver" + a.get_absolute_url() for a in articles]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_a_block_of_ids_without_a_published_story_is_not_listed(client, make_article, monkeypatch):
    # Blocks of two ids: the stories of the second block were withdrawn, so that block holds nothing readers see.
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article(f"Arsip {n}", published_at=timezone.now() - timedelta(hours=n + 1)) for n in range(6)]
    Article.objects.filter(pk__in=[articles[2].pk, articles[3].pk]).update(status=Article.Status.WITHDRAWN)
    index = fetch(client, "/sitemap.xml")
    siteindex = schema("siteindex.xsd")
    assert siteindex.validate(index), siteindex.error_log
    assert [loc for loc in locations(index) if "sitemap-articles" in loc] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    assert client.get("/sitemap-articles.xml?p=2").status_code == 404
    listed = locations(valid_urlset(client, "/sitemap-articles.xml")) + locations(
        valid_urlset(client, "/sitemap-articles.xml?p=3")
    )
    assert listed == [
        "http://testserver" + a.get_absolute_url() for a in articles if a.pk not in {articles[2].pk, articles[3].pk}
    ]


def test_a_sitemap_page_is_kept_out_of_search_results_and_an_unknown_page_is_404(client, make_article):
    make_article("Banjir & longsor di Kampar")
    response = client.get("/sitemap-articles.xml")
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert b"<loc>http://testserver/berita/banjir-longsor-di-kampar/</loc>" in response.content
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("items", [1, 6])
def test_sitemaps_run_a_fixed_number_of_queries(
    client, make_article, anadolu, internasional, items, django_assert_num_queries
):
    for n in range(items):
        make_article(f"Berita {n}", source=anadolu, section=internasional, tags=[f"tag-{n}", "riau"])
    # articles: the first and last published id, the latest change; sections, tags, sources: any to list, how many
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")
    for url, queries in [("/sitemap-articles.xml", 2), ("/sitemap-tags.xml", 3), ("/sitemap-news.xml", 2)]:
        with django_assert_num_queries(queries):
            client.get(url)


def test_news_sitemap_has_the_last_two_days_with_google_news_fields(client, make_article, settings):
    settings.SITE_NAME = "Antara Riau"
    now = timezone.now()
    fresh = make_article("Banjir di Pekanbaru & Kampar", published_at=now - timedelta(hours=3))
    english = make_article("Riau floods", language="en", published_at=now - timedelta(hours=30))
    make_article("Berita tiga hari lalu", published_at=now - timedelta(days=3))
    make_article("Konsep", status=Article.Status.DRAFT)
    make_article("Terbit nanti malam", published_at=now + timedelta(hours=6))

    document = valid_urlset(client, "/sitemap-news.xml")
    urls = document.xpath("/sm:urlset/sm:url", namespaces=NS)
    assert [url.findtext(f"{{{SITEMAP_NS}}}loc") for url in urls] == [
        "http://testserver" + fresh.get_absolute_url(),
        "http://testserver" + english.get_absolute_url(),
    ]
    for url, article in zip(urls, [fresh, english], strict=True):
        [news] = url.xpath("news:news", namespaces=NS)
        assert news.xpath("news:publication/news:name/text()", namespaces=NS) == ["Antara Riau"]
        assert news.xpath("news:publication/news:language/text()", namespaces=NS) == [article.language]
        assert news.xpath("news:title/text()", namespaces=NS) == [article.headline]
        [published] = news.xpath("news:publication_date/text()", namespaces=NS)
        parsed = datetime.fromisoformat(published)
        assert parsed.utcoffset() == timedelta(hours=7)
        assert parsed == article.published_at.replace(microsecond=0)
        # the order Google's news schema prescribes
        assert [etree.QName(child).localname for child in news] == ["publication", "publication_date", "title"]


def test_news_sitemap_stops_at_a_thousand_urls(client, make_article, monkeypatch):
    monkeypatch.setattr("articles.public.sitemaps.NEWS_MAX_URLS", 3)
    monkeypatch.setattr("articles.public.sitemaps.NewsSitemap.limit", 3)
    for n in range(5):
        make_article(f"Berita {n}", published_at=timezone.now() - timedelta(minutes=n + 1))
    document = valid_urlset(client, "/sitemap-news.xml")
    assert len(locations(document)) == 3


def test_robots_txt_names_both_sitemaps_by_absolute_url(client, settings):
    settings.ALLOWED_HOSTS = ["riau.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="riau.example.org", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://riau.example.org/sitemap.xml" in lines
    assert "Sitemap: https://riau.example.org/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


def test_a_crawler_revalidates_an_article_sitemap_page_until_a_story_on_it_changes(client, make_article, desk_user):
    from articles import workflow

    first = make_article("Banjir rendam Kampar")
    make_article("Harga sawit naik")
    page = client.get("/sitemap-articles.xml")
    etag = page["ETag"]

    assert client.get("/sitemap-articles.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304

    first.slug = "banjir-rendam-kampar-riau"
    first.save()
    renamed = client.get("/sitemap-articles.xml", HTTP_IF_NONE_MATCH=etag)
    assert renamed.status_code == 200 and b"banjir-rendam-kampar-riau" in renamed.content

    workflow.withdraw(first, by=desk_user("Editor"))
    withdrawn = client.get("/sitemap-articles.xml", HTTP_IF_NONE_MATCH=renamed["ETag"])
    assert withdrawn.status_code == 200 and b"banjir-rendam-kampar" not in withdrawn.content
