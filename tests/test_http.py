"""HTTP as browsers, caches and feed readers expect it: validators, 304s, error pages, languages."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.http import parse_http_date
from lxml import html
from PIL import Image

from articles.models import Article, Photo, RelatedLink, Section
from articles.public.purging import pages_changed
from tests.conftest import jpeg_bytes
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db


def last_modified(response):
    return parse_http_date(response["Last-Modified"])


def revalidate(client, url, first):
    """Ask again the way a browser does, with both validators from the first answer."""
    return client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])


@pytest.mark.parametrize("kind", ["article", "/feed/", "/feed/atom/", "/tag/rusia/feed/", "/sitemap-articles.xml"])
def test_unchanged_pages_and_feeds_answer_304(client, reference_article, kind):
    url = reference_article.get_absolute_url() if kind == "article" else kind
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    again = revalidate(client, url, first)
    assert again.status_code == 304
    assert again.content == b""
    only_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert only_date.status_code == 304


def test_article_last_modified_is_its_last_edit(client, reference_article):
    edited = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=reference_article.pk).update(updated_at=edited)
    response = client.get(reference_article.get_absolute_url())
    assert last_modified(response) == int(edited.timestamp())


def test_scheduled_article_is_modified_when_it_goes_out(client, make_article):
    published = timezone.now() - timedelta(minutes=5)
    article = make_article(published_at=published)
    Article.objects.filter(pk=article.pk).update(updated_at=published - timedelta(days=1))
    assert last_modified(client.get(article.get_absolute_url())) == int(published.timestamp())


def test_edited_article_is_sent_again(client, reference_article):
    url = reference_article.get_absolute_url()
    first = client.get(url)
    reference_article.headline = "Rusia siap bantu Azerbaijan dan Armenia (diperbarui)"
    reference_article.save()
    again = revalidate(client, url, first)
    assert again.status_code == 200
    assert "(diperbarui)" in again.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda a: Photo.objects.filter(uses__article=a).update(credit="ANTARA/Fransisco"), id="silent"),
        pytest.param(lambda a: Section.objects.filter(pk=a.section_id).update(name="Dunia"), id="section-renamed"),
    ],
)
def test_a_change_no_timestamp_records_still_changes_the_etag(client, reference_article, change):
    url = reference_article.get_absolute_url()
    first = client.get(url)
    change(reference_article)
    # A queryset update sends no signal: code that writes so reports the change itself (the page cache's rule).
    pages_changed({f"article-{reference_article.pk}"})
    again = revalidate(client, url, first)
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda a: place_photo(a, caption="Foto kedua", credit="AA"), id="photo-added"),
        pytest.param(
            lambda a: a.photos.get().image.save("baru.jpg", ContentFile(jpeg_bytes())), id="photo-file-arrived"
        ),
        pytest.param(lambda a: a.photos.get().delete(), id="photo-removed"),
        pytest.param(lambda a: RelatedLink.objects.create(article=a, title="Putin bertemu Aliyev"), id="link-added"),
        pytest.param(lambda a: a.tags.add("Armenia"), id="tag-added"),
        pytest.param(lambda a: a.tags.remove("Rusia"), id="tag-removed"),
    ],
)
def test_editing_an_articles_parts_moves_its_last_modified(client, reference_article, change):
    edited = timezone.now() - timedelta(minutes=30)  # after its publication an hour ago
    Article.objects.filter(pk=reference_article.pk).update(updated_at=edited)
    url = reference_article.get_absolute_url()
    first = client.get(url)
    assert last_modified(first) == int(edited.timestamp())
    change(reference_article)
    # A client that keeps only the date must not be told "not modified".
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert last_modified(again) > last_modified(first)


def test_baca_juga_target_going_out_moves_the_last_modified(client, make_article, clock):
    article = make_article("Pasar Riau")
    target = make_article("Harga sawit naik", published_at=timezone.now() + timedelta(hours=1))
    RelatedLink.objects.create(article=article, title="Harga sawit naik")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=1))
    first = client.get(article.get_absolute_url())
    assert '<li dir="auto">Harga sawit naik</li>' in first.content.decode()
    clock.advance(hours=1, seconds=2)
    again = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert f'<a href="{target.get_absolute_url()}">Harga sawit naik</a>' in again.content.decode()


def test_feed_last_modified_is_its_newest_change(client, make_article):
    older = make_article("Berita lama", published_at=timezone.now() - timedelta(days=2))
    newer = make_article("Berita baru", published_at=timezone.now() - timedelta(hours=2))
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(minutes=3))
    Article.objects.filter(pk=newer.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    expected = Article.objects.get(pk=older.pk).updated_at
    assert last_modified(client.get("/feed/")) == int(expected.timestamp())


def test_new_article_refreshes_the_feed(client, reference_article, make_article):
    first = client.get("/feed/")
    make_article("Berita baru saja")
    again = revalidate(client, "/feed/", first)
    assert again.status_code == 200
    assert "Berita baru saja" in again.content.decode()


@pytest.mark.parametrize("url", ["/berita/tidak-ada/", "/tag/tidak-ada/", "/tidak/ada/sama/sekali/"])
def test_missing_page_is_a_designed_404_in_indonesian(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    tree = html.fromstring(response.content)
    assert tree.xpath("//h1/text()") == ["Halaman tidak ditemukan"]
    assert tree.xpath("//main//a/@href") == ["/"]
    assert tree.xpath("//html/@lang") == ["id"]
    assert tree.xpath('//a[@class="brand"]/text()') == ["Newsroom"]


@pytest.mark.urls("tests.urls_failing")
def test_server_error_is_a_designed_500_that_needs_no_database(client, settings, django_assert_num_queries):
    settings.SITE_NAME = "Antara Riau"
    assert settings.DEBUG is False
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/rusak/")
    assert response.status_code == 500
    tree = html.fromstring(response.content)
    assert tree.xpath("//h1/text()") == ["Terjadi kesalahan"]
    assert tree.xpath('//a[@class="brand"]/text()') == ["Antara Riau"]
    assert "the database went away" not in response.content.decode()


def test_every_page_points_feed_readers_to_the_site_feeds(client, reference_article):
    for url in ["/", reference_article.get_absolute_url(), "/berita/tidak-ada/"]:
        tree = html.fromstring(client.get(url).content)
        feeds = tree.xpath('//head/link[@rel="alternate"]')
        assert [(f.get("type"), f.get("href")) for f in feeds] == [
            ("application/rss+xml", "/feed/"),
            ("application/atom+xml", "/feed/atom/"),
        ], url


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/tag/rusia/", "/tag/rusia/feed/"),
        ("/sumber/anadolu/", "/sumber/anadolu/feed/"),
        ("/rubrik/internasional/", "/rubrik/internasional/feed/"),
    ],
)
def test_subject_pages_also_announce_their_own_feeds(client, reference_article, page, feed):
    tree = html.fromstring(client.get(page).content)
    hrefs = tree.xpath('//head/link[@rel="alternate"]/@href')
    assert hrefs == ["/feed/", "/feed/atom/", feed, feed + "atom/"]
    for href in hrefs:
        assert client.get(href).status_code == 200


def english(url):
    return "/en" + url


def test_reader_switches_the_site_to_english_with_a_plain_link(client, reference_article):
    url = reference_article.get_absolute_url()
    tree = html.fromstring(client.get(url).content)
    links = tree.xpath('//footer//nav[@class="language-switcher"]//a')
    assert [(a.get("hreflang"), a.get("href")) for a in links] == [("id", url), ("en", english(url))]
    assert [a.get("hreflang") for a in links if a.get("aria-current")] == ["id"]
    assert tree.xpath("//nav//li/a/text()")[0] == "Berita terkini"

    page = html.fromstring(client.get(links[1].get("href")).content)
    assert page.xpath("//nav//li/a/text()")[0] == "Latest news"
    # The interface is English now; the article is still in Indonesian, and says so.
    assert page.xpath("//html/@lang") == ["en"]
    assert page.xpath("//h1/@lang") == page.xpath("//div[@class='body']/@lang") == ["id"]
    back = page.xpath('//footer//nav[@class="language-switcher"]//a')
    assert [(a.get("href"), bool(a.get("aria-current"))) for a in back] == [(url, False), (english(url), True)]
    # Links on the English page stay in English; the query string of a list page is kept.
    assert page.xpath("//a[@class='brand']/@href") == ["/en/"]
    listing = html.fromstring(client.get("/en/cari/?q=Rusia").content)
    switcher = listing.xpath('//footer//nav[@class="language-switcher"]//a/@href')
    assert switcher == ["/cari/?q=Rusia", "/en/cari/?q=Rusia"]


def test_staff_language_choice_goes_nowhere_outside_the_site(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://phishing.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_english_dates_keep_the_wib_format(client, make_article):
    article = make_article(published_at=timezone.make_aware(timezone.datetime(2023, 11, 28, 19, 5)))
    page = client.get(english(article.get_absolute_url())).content.decode()
    assert "Tuesday, 28 November 2023 19:05 WIB" in page


def test_public_pages_carry_no_per_reader_token(client, reference_article):
    # A CSRF token in the language form would make every copy of a page different: no stable ETag, no caching.
    for url in ["/", reference_article.get_absolute_url()]:
        first, second = client.get(url), client.get(url)
        assert first["ETag"] == second["ETag"]
        assert "csrfmiddlewaretoken" not in first.content.decode()


def test_the_address_alone_decides_the_language_so_one_copy_serves_every_reader(client, reference_article):
    url = reference_article.get_absolute_url()
    client.cookies["django_language"] = "en"  # left over from the old language form: changes nothing now
    english_browser = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Baca juga" in english_browser.content.decode()
    assert english_browser["Content-Language"] == "id"
    english_page = client.get(english(url), HTTP_ACCEPT_LANGUAGE="id")
    assert "Read also" in english_page.content.decode()
    assert english_page["Content-Language"] == "en"
    # Nothing but the address picks the page: no Vary for a shared cache to split its copies by.
    for response in [english_browser, english_page, client.get("/"), client.get("/en/")]:
        assert "Vary" not in response, response.get("Vary")


def test_the_admin_is_indonesian_unless_the_staff_member_chose_english(client, desk_user, login):
    login(desk_user("Editor"))
    admin = html.fromstring(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content)
    assert "Keluar" in admin.text_content()
    [form] = admin.xpath('//form[@action="/i18n/setlang/"]')
    assert form.xpath(".//select/option[@selected]/@value") == ["id"]
    assert form.xpath('.//input[@name="csrfmiddlewaretoken"]')
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    english = client.get("/admin/").content.decode()
    assert "Log out" in english
    # The libraries' own app names read as the desk's words in English too, as in Indonesian ("Tag").
    assert ">Tags</a>" in english and "Taggit" not in english
    # The readers' pages stay in the language of their address.
    client.logout()
    assert "Berita terkini" in client.get("/").content.decode()


def test_browsers_asking_for_the_site_icon_by_its_old_address_get_it(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    icon = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]


def test_the_history_names_every_changed_field_in_the_admins_language(admin_client):
    # Django keeps a change's field names as the form labels in English ("Focal point (across)") and translates them
    # when the history is shown: each needs its own msgid, or the Indonesian history read "Focal point (across) dan
    # Place berubah."
    from django.contrib import admin
    from django.utils import translation
    from django.utils.text import capfirst

    untranslated = []
    for model in admin.site._registry:
        if model._meta.app_label != "articles":
            continue
        for field in model._meta.get_fields():
            if not getattr(field, "editable", False) or not hasattr(field, "verbose_name"):
                continue
            with translation.override(None):
                stored = str(capfirst(field.verbose_name))
            with translation.override("id"):
                # A name Indonesian writes as English does ("Status", "Slug") needs nothing.
                if translation.gettext(stored) == stored != str(capfirst(field.verbose_name)):
                    untranslated.append(f"{model.__name__}.{field.name}: {stored}")
    assert untranslated == []
