"""A story's photos, byline, "Baca juga" lines and tags appear in the order the desk gave them, wherever they are read.

Pages load these rows unordered and put them in order in Python (articles/models/querysets.py). The story here was
rearranged after it was written, so the order the rows were stored in (which an unordered query tends to return)
is the reverse of the desk's: a page that skipped the ordering would show them backwards.
"""

import extruct
import pytest

from articles.models import Article, Author, RelatedLink
from articles.ninjs import article_to_ninjs
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db

SIZE = {"width": 1280, "height": 853}


@pytest.fixture
def rearranged_story(make_article):
    story = make_article(
        "Banjir rendam tiga kecamatan di Pekanbaru",
        byline=[("reporter", "Bayu Agustari"), ("reporter", "Frislidia"), ("editor", "Afut Syafril")],
        tags=["Banjir", "Pekanbaru", "Cuaca ekstrem"],
    )
    # Stored first, placed last: the desk moved each of them down after adding the others.
    # A stored file name and its dimensions (what pages read), without making the files.
    place_photo(story, order=2, caption="Warga mengungsi dengan perahu karet.", image="photos/perahu.jpg", **SIZE)
    place_photo(story, order=1, caption="Air setinggi pinggang di Jalan Riau.", image="photos/jalan-riau.jpg", **SIZE)
    RelatedLink.objects.create(article=story, order=2, title="BPBD siagakan posko banjir", url="https://x.id/posko")
    RelatedLink.objects.create(article=story, order=1, title="Hujan deras sepanjang pekan", url="https://x.id/hujan")
    for order, credit in zip((3, 2, 1), story.credits.order_by("id"), strict=True):
        credit.order = order
        credit.save()
    return story


def in_page_order(page, texts):
    positions = [page.index(text) for text in texts]
    return positions == sorted(positions)


def test_the_article_page_shows_photos_links_and_byline_in_the_desks_order(client, rearranged_story):
    page = client.get(rearranged_story.get_absolute_url()).content.decode()

    # The lead photo is the one placed first, not the one stored first.
    lead = page.index('<figure class="lead-photo">')
    assert page.index("Air setinggi pinggang di Jalan Riau.", lead) < page.index("</figure>", lead)
    assert in_page_order(page, ["Hujan deras sepanjang pekan", "BPBD siagakan posko banjir"])
    byline = page[page.index('<p class="byline">') :]
    assert in_page_order(byline, ["Editor", "Pewarta", "Frislidia", "Bayu Agustari"])
    tags = page[page.index('<ul class="tags"') :]
    assert in_page_order(tags, ["Banjir", "Pekanbaru", "Cuaca ekstrem"])


def test_json_ld_names_the_authors_in_the_desks_order(client, rearranged_story):
    page = client.get(rearranged_story.get_absolute_url()).content.decode()
    [story] = [item for item in extruct.extract(page, syntaxes=["json-ld"])["json-ld"] if "headline" in item]

    assert [person["name"] for person in story["author"]] == ["Frislidia", "Bayu Agustari"]
    assert story["keywords"] == ["Banjir", "Pekanbaru", "Cuaca ekstrem"]


def test_ninjs_lists_pictures_links_and_people_in_the_desks_order(rearranged_story):
    document = article_to_ninjs(Article.objects.for_ninjs().get(pk=rearranged_story.pk), base_url="https://x.id")

    pictures = [
        next(text["value"] for text in item["descriptions"] if text["role"] == "caption")
        for item in document["associations"]
        if item["type"] == "picture"
    ]
    links = [item["headlines"][0]["value"] for item in document["associations"] if item["type"] == "text"]
    assert pictures == ["Air setinggi pinggang di Jalan Riau.", "Warga mengungsi dengan perahu karet."]
    assert links == ["Hujan deras sepanjang pekan", "BPBD siagakan posko banjir"]
    assert [person["name"] for person in document["people"]] == ["Afut Syafril", "Frislidia", "Bayu Agustari"]
    assert Author.objects.count() == 3
