"""Search engines and social networks read an article page's structured data; readers see its provenance."""

from datetime import UTC, datetime, timedelta

import extruct
import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils.text import Truncator
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import html
from PIL import Image

from articles.models import Author, Credit, Source
from articles.public.structured_data import LOGO_PATH, LOGO_SIZE
from articles.text import first_words
from tests.conftest import jpeg_bytes
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db


def page_data(client, article, language=None):
    response = client.get(f"/{language}{article.get_absolute_url()}" if language else article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    data = extruct.extract(page, base_url="http://testserver/", syntaxes=["json-ld"])
    return page, data


def news_article(data):
    [item] = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    return item


def og_values(page):
    """Open Graph properties as read by extruct: {property: [values in page order]}."""
    [og] = extruct.extract(page, syntaxes=["opengraph"])["opengraph"]
    values = {}
    for key, value in og["properties"]:
        values.setdefault(key, []).append(value)
    return values


def provenance_line(page):
    """The attribution line as a reader sees it (whitespace collapsed), and its element."""
    [line] = html.fromstring(page).find_class("provenance")
    return " ".join(line.text_content().split()), line


@pytest.fixture
def photographed(reference_article):
    """The reference story once its photo file has arrived, with its reporter and a known publication time."""
    Credit.objects.create(article=reference_article, author=Author.objects.create(name="Asim Kocabiyik"))
    reference_article.published_at = datetime(2023, 11, 28, 12, 5, tzinfo=UTC)
    reference_article.save()
    photo = reference_article.photos.get().photo
    photo.alt_text = "Tentara di samping kendaraan lapis baja"
    photo.image.save("armenia.jpg", ContentFile(jpeg_bytes((1200, 800))))
    return reference_article


def test_news_article_has_what_google_requires_and_recommends(client, photographed):
    page, data = page_data(client, photographed)
    item = news_article(data)
    url = "http://testserver" + photographed.get_absolute_url()
    photo = photographed.lead_photo

    assert item["@context"] == "https://schema.org"
    assert item["headline"] == photographed.headline
    assert item["url"] == url
    assert item["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert item["inLanguage"] == "id"
    assert item["datePublished"] == "2023-11-28T19:05:00+07:00"
    published, modified = (datetime.fromisoformat(item[key]) for key in ["datePublished", "dateModified"])
    assert modified >= published and modified.utcoffset() == timedelta(hours=7)
    assert item["author"] == [
        {"@type": "Person", "name": "Asim Kocabiyik", "url": "http://testserver/penulis/asim-kocabiyik/"}
    ]
    [image] = item["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"] == "http://testserver" + photo.image.url
    assert (image["width"], image["height"]) == (1200, 800)
    assert image["caption"] == "Tentara etnik Armenia mengamati kendaraan militer, November 2020."
    assert image["creditText"] == "ANTARA/REUTERS"
    assert item["articleSection"] == "Internasional"
    assert item["keywords"] == ["Rusia", "Berita hari ini"]
    assert item["locationCreated"] == {"@type": "Place", "name": "Istanbul"}
    assert item["description"] == "Rusia siap membantu Azerbaijan dan Armenia."


def test_publisher_has_a_raster_logo_that_exists(client, reference_article, settings):
    settings.SITE_NAME = "Antara Riau"
    _, data = page_data(client, reference_article)
    publisher = news_article(data)["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Antara Riau"
    assert publisher["url"] == "http://testserver/"
    logo = publisher["logo"]
    assert logo["url"] == f"http://testserver/static/{LOGO_PATH}"
    with Image.open(finders.find(LOGO_PATH)) as image:
        assert image.format == "PNG"
        assert image.size == LOGO_SIZE == (logo["width"], logo["height"])
        assert min(image.size) >= 112  # Google's minimum for a logo


def test_agency_copy_names_its_source_and_carrier(client, reference_article):
    _, data = page_data(client, reference_article)
    item = news_article(data)
    anadolu = {"@type": "Organization", "name": "Anadolu", "url": "https://www.aa.com.tr/"}
    assert item["sourceOrganization"] == [anadolu, {"@type": "Organization", "name": "ANTARA"}]
    assert item["isBasedOn"] == {"@type": "NewsArticle", "publisher": anadolu}
    # No reporter named: the agency that wrote the story is its author.
    assert item["author"] == [anadolu]


def test_photo_waiting_for_its_file_gives_no_image_but_keeps_its_credit_on_the_page(client, reference_article):
    assert not reference_article.lead_photo.image
    page, data = page_data(client, reference_article)
    assert "image" not in news_article(data)
    og = og_values(page)
    assert "og:image" not in og
    assert html.fromstring(page).xpath('//meta[@name="twitter:card"]/@content') == ["summary"]
    text, _ = provenance_line(page)
    assert text.endswith("Foto: ANTARA/REUTERS")


def test_article_without_agency_or_reporter_is_authored_by_the_publisher(client, make_article, settings):
    settings.SITE_NAME = "Antara Riau"
    article = make_article("Pekanbaru diguyur hujan")
    page, data = page_data(client, article)
    item = news_article(data)
    assert item["author"] == [item["publisher"]]
    assert "sourceOrganization" not in item and "isBasedOn" not in item
    assert html.fromstring(page).find_class("provenance") == []


def test_headline_cannot_break_out_of_the_json_ld_script(client, make_article):
    hostile = "</script><script>alert(1)</script>"
    article = make_article(hostile, summary="<!-- & -->", tags=["</script>"])
    page, data = page_data(client, article)
    assert "<script>alert(1)" not in page
    item = news_article(data)
    assert item["headline"] == hostile
    assert item["description"] == "<!-- & -->"
    assert item["keywords"] == ["</script>"]
    assert len(html.fromstring(page).xpath("//script")) == 1


def test_open_graph_and_twitter_describe_the_article(client, photographed):
    page, _ = page_data(client, photographed)
    og = og_values(page)
    url = "http://testserver" + photographed.get_absolute_url()
    image_url = "http://testserver" + photographed.lead_photo.image.url
    assert og["og:type"] == ["article"]
    assert og["og:title"] == [photographed.headline]
    assert og["og:url"] == [url]
    assert og["og:image"] == [image_url]
    assert og["og:image:alt"] == ["Tentara di samping kendaraan lapis baja"]
    assert og["og:description"] == ["Rusia siap membantu Azerbaijan dan Armenia."]
    assert og["og:locale"] == ["id_ID"]
    assert og["article:published_time"] == ["2023-11-28T19:05:00+07:00"]
    assert datetime.fromisoformat(og["article:modified_time"][0]).utcoffset() == timedelta(hours=7)
    assert og["article:section"] == ["Internasional"]
    assert og["article:tag"] == ["Rusia", "Berita hari ini"]
    tree = html.fromstring(page)
    twitter = {meta.get("name"): meta.get("content") for meta in tree.xpath('//meta[starts-with(@name, "twitter:")]')}
    assert twitter == {
        "twitter:card": "summary_large_image",
        "twitter:title": photographed.headline,
        "twitter:description": "Rusia siap membantu Azerbaijan dan Armenia.",
        "twitter:image": image_url,
        "twitter:image:alt": "Tentara di samping kendaraan lapis baja",
    }
    assert tree.xpath('//link[@rel="canonical"]/@href') == [url]


def test_english_article_says_so_to_machines(client, make_article):
    article = make_article("Riau floods displace thousands", language="en")
    page, data = page_data(client, article)
    assert news_article(data)["inLanguage"] == "en"
    assert og_values(page)["og:locale"] == ["en_US"]


def test_attribution_line_shows_the_whole_chain_and_links_the_source(client, reference_article):
    page, data = page_data(client, reference_article)
    text, line = provenance_line(page)
    assert text == "Sumber: Anadolu · ANTARA · Foto: ANTARA/REUTERS"
    assert line.xpath(".//a/@href") == [reference_article.source.get_absolute_url()]
    # The same chain the JSON-LD gives machines.
    names = [org["name"] for org in news_article(data)["sourceOrganization"]]
    assert text.startswith("Sumber: " + " · ".join(names))


def test_dateline_agency_that_is_the_source_is_named_once(client, make_article):
    antara = Source.objects.create(name="ANTARA", website="https://www.antaranews.com/")
    article = make_article("Gubernur Riau resmikan jembatan", source=antara, dateline_agency="Antara")
    place_photo(article, caption="Jembatan baru.", credit="ANTARA/Rony Muharrman")
    page, data = page_data(client, article)
    text, _ = provenance_line(page)
    assert text == "Sumber: ANTARA · Foto: ANTARA/Rony Muharrman"
    assert [org["name"] for org in news_article(data)["sourceOrganization"]] == ["ANTARA"]


def test_attribution_is_shown_in_english_to_english_readers(client, reference_article):
    page, _ = page_data(client, reference_article, language="en")
    text, _ = provenance_line(page)
    assert text == "Source: Anadolu · ANTARA · Photo: ANTARA/REUTERS"


def test_structured_data_adds_no_queries(client, photographed, django_assert_num_queries):
    # the article with its section and source, photos, renditions, tags, "Baca juga" links with their targets,
    # the byline's credits with their authors, the section menu (the first page of this cache generation)
    with django_assert_num_queries(7):
        response = client.get(photographed.get_absolute_url())
    assert "image" in news_article(extruct.extract(response.content.decode(), syntaxes=["json-ld"]))


# Ledes as the desk writes them, and text that is only spacing, line ends or one very long word.
ledes = st.lists(st.sampled_from(["Istanbul", "(ANTARA)", "-", "Rusia", "siap", " ", "\n", "\t", "\u00a0", "é"]))


@given(text=ledes.map("".join), count=st.integers(min_value=-1, max_value=8))
@example(text=" ".join(["kata"] * 41), count=40)
@example(text=" ".join(["kata"] * 40), count=40)
def test_the_description_is_cut_where_djangos_truncator_cuts_it(text, count):
    assert first_words(text, count) == Truncator(text).words(count)


def test_editors_are_the_articles_editors_not_its_authors(client, photographed):
    editor = Author.objects.create(name="Rolex Malaha", role="editor")
    Credit.objects.create(article=photographed, author=editor, role="editor", order=1)
    _, data = page_data(client, photographed)
    item = news_article(data)
    assert [person["name"] for person in item["author"]] == ["Asim Kocabiyik"]
    assert item["editor"] == [
        {"@type": "Person", "name": "Rolex Malaha", "url": "http://testserver/penulis/rolex-malaha/"}
    ]
