import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from lxml import html

from articles import workflow
from articles.dates import wib
from articles.models import Article, Author, Credit, RelatedLink, Section, Source
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db


def test_reader_sees_the_reference_article_with_every_part(client, reference_article):
    response = client.get(reference_article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 dir="auto">Rusia siap bantu Azerbaijan dan Armenia untuk selesaikan perjanjian damai</h1>' in page
    assert '<span class="dateline">Istanbul (ANTARA)</span>' in page
    assert "Arsip foto" in page and "(ANTARA/REUTERS)" in page
    assert "Tentara etnik Armenia" in page
    assert "Menlu Rusia sebut anggota baru DK PBB" in page
    assert f'<a href="{reference_article.source.get_absolute_url()}"><bdi>Anadolu</bdi></a>' in page
    assert 'href="/tag/rusia/"' in page
    assert '<html lang="id">' in page


def test_an_english_story_on_the_indonesian_site_marks_its_own_words_as_english(client, make_article):
    article = make_article("Russia ready to help Azerbaijan and Armenia", language="en", tags=["Russia"])
    place_photo(article, order=0, caption="Ethnic Armenian soldiers", is_archive=True)
    RelatedLink.objects.create(article=article, order=0, title="UN Security Council gets new members")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="id">' in page
    assert '<h1 lang="en" dir="auto">Russia ready to help Azerbaijan and Armenia</h1>' in page
    assert '<div class="body" lang="en">' in page
    assert '<span class="archive-marker">Arsip foto</span> – <bdi lang="en">Ethnic Armenian soldiers</bdi>' in page
    assert '<ul lang="en">' in page and '<ul class="tags" aria-label="Tag" lang="en">' in page


def test_a_reader_who_chose_english_reads_an_indonesian_story_marked_as_indonesian(client, reference_article):
    page = client.get("/en" + reference_article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page and "Read also" in page
    assert f'<h1 lang="id" dir="auto">{reference_article.headline}</h1>' in page


def test_a_story_in_the_interface_language_needs_no_marks_of_its_own(client, reference_article):
    page = client.get(reference_article.get_absolute_url()).content.decode()
    assert '<html lang="id">' in page
    # Only the language switcher's links name their own languages.
    assert not re.search(r"<(?!html|a [^>]*hreflang)\w+[^>]* lang=", page)


def test_lists_mark_the_stories_written_in_another_language_than_the_page(client, make_article):
    make_article("Russia ready to help Azerbaijan and Armenia", language="en")
    make_article("Banjir di Pekanbaru")
    page = client.get("/").content.decode()
    assert re.search(r'<h2 lang="en" dir="auto"><a [^>]+>Russia ready to help', page)
    assert re.search(r'<h2 dir="auto"><a [^>]+>Banjir di Pekanbaru', page)
    page = client.get("/en/").content.decode()
    assert re.search(r'<h2 dir="auto"><a [^>]+>Russia ready to help', page)
    assert re.search(r'<h2 lang="id" dir="auto"><a [^>]+>Banjir di Pekanbaru', page)


def test_article_date_is_shown_in_wib(client, make_article):
    published = datetime(2023, 11, 28, 12, 5, tzinfo=UTC)
    article = make_article(published_at=published)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Selasa, 28 November 2023 19:05 WIB" in page


def test_baca_juga_links_only_to_articles_readers_can_open(client, make_article):
    visible = make_article("Harga sawit naik")
    make_article("Harga karet turun", status=Article.Status.DRAFT)
    article = make_article("Pasar Riau")
    for order, title in enumerate(["Harga sawit naik", "Harga karet turun", "Judul yang belum ada"]):
        RelatedLink.objects.create(article=article, order=order, title=title)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{visible.get_absolute_url()}">Harga sawit naik</a>' in page
    assert '<li dir="auto">Harga karet turun</li>' in page
    assert '<li dir="auto">Judul yang belum ada</li>' in page


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_drafts_and_future_articles_are_not_found(client, make_article, fields):
    article = make_article(**fields)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in client.get("/").content.decode()


def test_markup_from_copy_is_shown_as_text(client, make_article):
    article = make_article("<script>alert('judul')</script>", body="<script>alert('isi')</script>")
    place_photo(article, caption="<img src=x onerror=alert(1)>", credit="<b>ANTARA</b>")
    RelatedLink.objects.create(article=article, title="<script>alert('baca')</script>")
    article.tags.add("<script>tag</script>")
    for url in [article.get_absolute_url(), "/"]:
        page = client.get(url).content.decode()
        assert "<script>" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(&#39;judul&#39;)&lt;/script&gt;" in page


def test_a_source_page_title_translates_the_words_and_escapes_the_name(client, make_article):
    source = Source.objects.create(name="<b>Antara</b> & mitra", slug="antara-mitra")
    make_article("Banjir rob di Dumai", source=source)
    for prefix, words in [("", "Sumber:"), ("/en", "Source:")]:
        page = client.get(f"{prefix}/sumber/antara-mitra/").content.decode()
        assert html.fromstring(page).find(".//h1").text_content().split() == [words, "<b>Antara</b>", "&", "mitra"]
        assert f"{words} <bdi>&lt;b&gt;Antara&lt;/b&gt; &amp; mitra</bdi>" in page


def test_front_page_lists_latest_first_and_pages_by_key(client, make_article):
    now = timezone.now()
    for hours in range(25):
        make_article(f"Berita ke-{hours}", published_at=now - timedelta(hours=hours + 1))
    first = client.get("/")
    assert [a.headline for a in first.context_data["article_list"]][:2] == ["Berita ke-0", "Berita ke-1"]
    assert len(first.context_data["article_list"]) == 20
    older = pagination_links(first)
    assert set(older) == {"Berita sebelumnya"}
    second = client.get("/" + older["Berita sebelumnya"])
    assert [a.headline for a in second.context_data["article_list"]] == [f"Berita ke-{n}" for n in range(20, 25)]
    newer = pagination_links(second)
    assert set(newer) == {"Berita lebih baru"}
    back = client.get("/" + newer["Berita lebih baru"])
    assert [a.headline for a in back.context_data["article_list"]] == [f"Berita ke-{n}" for n in range(20)]


def pagination_links(response):
    page = html.fromstring(response.content)
    return {link.text_content(): link.get("href") for link in page.xpath('//nav[@class="pagination"]//a')}


def test_an_old_numbered_page_address_leads_to_the_same_stories(client, make_article):
    now = timezone.now()
    for hours in range(45):
        make_article(f"Berita ke-{hours}", published_at=now - timedelta(hours=hours + 1))
    response = client.get("/?page=2", follow=True)
    assert response.redirect_chain[0][1] == 302
    assert [a.headline for a in response.context_data["article_list"]] == [f"Berita ke-{n}" for n in range(20, 40)]
    assert client.get("/?page=99", follow=True).redirect_chain == [("/", 302)]  # past the end: the first page
    assert client.get("/?page=abc", follow=True).redirect_chain == [("/", 302)]


def test_stories_published_at_the_same_moment_are_neither_lost_nor_repeated_between_pages(client, make_article):
    moment = timezone.now() - timedelta(hours=1)
    stories = [make_article(f"Serentak {n}", published_at=moment) for n in range(30)]
    first = client.get("/")
    second = client.get("/" + pagination_links(first)["Berita sebelumnya"])
    shown = [a.pk for a in first.context_data["article_list"]] + [a.pk for a in second.context_data["article_list"]]
    assert shown == sorted((story.pk for story in stories), reverse=True)


def test_tag_source_and_section_pages_list_their_articles(client, reference_article, make_article):
    other = make_article("Berita lain", tags=["Riau"])
    for url in [
        "/tag/rusia/",
        reference_article.source.get_absolute_url(),
        reference_article.section.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert list(response.context_data["article_list"]) == [reference_article]
        assert other.headline not in response.content.decode()
    assert client.get("/tag/tidak-ada/").status_code == 404
    assert client.get(reverse("articles:source", args=["tidak-ada"])).status_code == 404


def add_rich_article(make_article, n, *, tags=3, photos=2, links=2):
    article = make_article(f"Berita padat {n}", tags=[f"tag-{n}-{i}" for i in range(tags)])
    for i in range(photos):
        place_photo(article, order=i, caption=f"Foto {i}", credit="ANTARA")
    for i in range(links):
        RelatedLink.objects.create(article=article, order=i, title=f"Berita padat {i}")
    return article


@pytest.mark.parametrize("size", [1, 8])
def test_article_page_runs_a_fixed_number_of_queries(client, make_article, desk_user, django_assert_num_queries, size):
    article = add_rich_article(make_article, 0, tags=size, photos=size, links=size)
    editor = desk_user("Editor", "redaktur")
    for i in range(size):
        Credit.objects.create(article=article, author=Author.objects.create(name=f"Pewarta {i}"), order=i)
        workflow.add_correction(article, by=editor, text=f"Ralat {i}.")
    # the article with its section and source, photos, renditions, tags, credits with their authors, "Baca juga"
    # links with their targets, corrections, the section menu (the first page of this cache generation)
    with django_assert_num_queries(8):
        page = client.get(article.get_absolute_url())
    assert page.content.decode().count('<li id="ralat-') == size


@pytest.mark.parametrize("items", [1, 12])
@pytest.mark.parametrize("url", ["/", "/tag/shared/", "/sumber/anadolu/", "/rubrik/internasional/"])
def test_list_pages_run_a_fixed_number_of_queries(
    client, make_article, anadolu, internasional, django_assert_num_queries, items, url
):
    for n in range(items):
        article = add_rich_article(make_article, n)
        article.tags.add("shared")
        article.source, article.section = anadolu, internasional
        article.save()
    # home: the front page's arrangement (none here), page (no count), photos, their renditions, section menu;
    # filtered pages look up their subject instead of the arrangement (its stories on the page show readers may
    # open it; tests/test_query_counts.py counts an arranged home)
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_date_line_reads_as_django_formats_it(language):
    # `wib` builds the date line itself for speed; it must say exactly what Django's formatting says.
    start = datetime(2023, 1, 1, 16, 59, tzinfo=UTC)
    with translation.override(language):
        for day in range(0, 400, 7):
            moment = start + timedelta(days=day, minutes=day * 13)
            expected = date_format(timezone.localtime(moment), "l, j F Y H:i T")
            assert wib(moment) == expected


def test_every_page_lists_the_sections_in_the_same_order_and_marks_the_current_one(client, make_article):
    sections = [Section.objects.create(name=name) for name in ["riau", "Nasional", "Ekonomi", "Olahraga"]]
    story = make_article("Banjir di Pekanbaru", section=sections[0])
    make_article("Inflasi Riau turun", section=sections[2])
    make_article("APBN 2027 disahkan", section=sections[1])
    # Olahraga has no story readers may see yet (its page is a 404): the menu leaves it out.
    make_article("Jadwal PON", section=sections[3], status=Article.Status.DRAFT)
    expected = ["Berita terkini", "Ekonomi", "Nasional", "riau"]
    for url in [story.get_absolute_url(), "/", "/ralat/", "/cari/", sections[0].get_absolute_url()]:
        tree = html.fromstring(client.get(url).content)
        assert [link.text_content() for link in tree.xpath("//ul[@class='nav']//a")] == expected, url
    tree = html.fromstring(client.get(sections[0].get_absolute_url()).content)
    assert tree.xpath("//ul[@class='nav']//a[@aria-current='page']/@href") == ["/rubrik/riau/"]


def test_a_story_with_nothing_around_it_still_has_a_page(client, make_article):
    bare = make_article("Berita singkat")
    tree = html.fromstring(client.get(bare.get_absolute_url()).content)
    assert tree.xpath("//h1/text()") == ["Berita singkat"]
    assert not tree.xpath("//figure | //aside | //ul[@class='tags'] | //p[@class='kicker']")


def test_a_scheduled_story_has_no_page_until_its_time(client, make_article):
    scheduled = make_article("Nanti", published_at=timezone.now() + timedelta(hours=2))
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 200
