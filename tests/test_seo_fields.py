"""Per-article search and social fields: what an editor writes for search engines and link previews is what
the page's <title>, description, Open Graph, Twitter card, canonical link and JSON-LD say."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from lxml import html

from articles.models import Photo
from tests.admin_forms import change_form_data
from tests.conftest import jpeg_bytes
from tests.photo_library import place_photo
from tests.test_page_cache import cached
from tests.test_structured_data import news_article, og_values, page_data

pytestmark = pytest.mark.django_db

AGENCY_URL = "https://www.aa.com.tr/id/dunia/rusia-siap-bantu/3066912"


def photo_with_file(article, order, caption):
    """A library photo with its file, used in `article` at `order`: the library photo (what social_image names)."""
    photo = Photo(caption=caption, alt_text=caption, credit="ANTARA")
    photo.image.save(f"foto-{order}.jpg", ContentFile(jpeg_bytes((1200, 800))), save=False)
    photo.save()
    place_photo(article, order, photo=photo)
    return photo


@pytest.fixture
def story(reference_article):
    reference_article.photos.all().delete()
    photo_with_file(reference_article, 0, "Kendaraan militer di perbatasan")
    return reference_article


def head(page):
    tree = html.fromstring(page)
    meta = {element.get("name"): element.get("content") for element in tree.xpath("//meta[@name]")}
    [canonical] = tree.xpath("//link[@rel='canonical']/@href")
    return tree.findtext(".//title"), meta, canonical


def test_the_editors_search_and_social_fields_are_what_machines_read(client, story):
    second = photo_with_file(story, 1, "Peskov berbicara kepada wartawan")
    story.seo_title = "Rusia tawarkan bantuan damai Azerbaijan–Armenia"
    story.seo_description = "Kremlin siap menengahi perjanjian damai kedua negara."
    story.social_image = second
    story.canonical_url = AGENCY_URL
    story.save()

    page, data = page_data(client, story)
    title, meta, canonical = head(page)
    item, og = news_article(data), og_values(page)
    assert title == f"{story.seo_title} · {settings.SITE_NAME}"
    assert meta["description"] == story.seo_description
    assert og["og:title"] == [story.seo_title] and meta["twitter:title"] == story.seo_title
    assert og["og:description"] == [story.seo_description] and meta["twitter:description"] == story.seo_description
    assert item["description"] == story.seo_description
    assert item["headline"] == story.headline  # the story's own headline stays the article's
    # The chosen photo, not the lead one, in every preview.
    assert item["image"][0]["caption"] == "Peskov berbicara kepada wartawan"
    assert og["og:image"] == [item["image"][0]["url"]] and meta["twitter:image"] == item["image"][0]["url"]
    assert og["og:image:alt"] == ["Peskov berbicara kepada wartawan"]
    # Republished agency copy: search engines are sent to the original.
    assert canonical == AGENCY_URL
    assert item["isBasedOn"]["url"] == AGENCY_URL
    assert item["url"] == "http://testserver" + story.get_absolute_url()


def test_without_them_the_page_speaks_of_the_story_itself(client, story):
    page, data = page_data(client, story)
    title, meta, canonical = head(page)
    assert title == f"{story.headline} · {settings.SITE_NAME}"
    assert canonical == "http://testserver" + story.get_absolute_url()
    assert news_article(data)["image"][0]["caption"] == "Kendaraan militer di perbatasan"


def test_the_social_image_is_one_of_the_articles_own_photos(photo_editor, story, make_article):
    other = make_article("Berita lain")
    foreign = photo_with_file(other, 0, "Foto berita lain")
    url = reverse("admin:articles_article_change", args=[story.pk])
    form = photo_editor.get(url).context["adminform"].form
    assert list(form.fields["social_image"].queryset) == [use.photo for use in story.photos.all()]
    response = photo_editor.post(url, change_form_data(photo_editor.get(url), social_image=str(foreign.pk)))
    assert response.status_code == 200
    assert "social_image" in response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.social_image is None


def test_a_changed_search_title_reaches_the_cached_page_at_once(client, story, django_assert_num_queries):
    cached(client, story.get_absolute_url(), django_assert_num_queries)
    story.seo_title = "Judul khusus mesin pencari"
    story.save()
    title, _, _ = head(client.get(story.get_absolute_url()).content)
    assert title == f"Judul khusus mesin pencari · {settings.SITE_NAME}"
