"""Readers' text keeps its direction to itself: a right-to-left override (U+202E) typed or imported into a
headline, a tag or a "Baca juga" title must not turn the rest of the page's line around (issue 13, item 9)."""

import re

import pytest
from lxml import html

from articles.models import RelatedLink, Section
from tests.photo_library import place_photo

pytestmark = pytest.mark.django_db

RLO = "\u202e"
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


STORY_HEADLINES = {"Banjir di Pekanbaru", "Harga sawit"}


def without_controls(text):
    return BIDI_CONTROLS.sub("", text)


def isolated(element):
    """Whether the element's text has its own direction: a <bdi>, or an element with dir="auto"."""
    return element.tag == "bdi" or element.get("dir") == "auto"


@pytest.fixture
def reversed_story(make_article):
    section = Section.objects.create(name=f"Dunia{RLO}Arab")
    story = make_article(f"Banjir {RLO}di Pekanbaru", section=section, tags=[f"Riau{RLO}Banjir"])
    place_photo(story, caption=f"Warga {RLO}mengungsi")
    target = make_article(f"Harga {RLO}sawit")
    RelatedLink.objects.create(article=story, title=target.headline)
    return story


def test_a_reversing_mark_in_a_headline_cannot_reach_the_site_name_in_the_title(client, reversed_story):
    tree = html.fromstring(client.get(reversed_story.get_absolute_url()).content)
    title = tree.findtext(".//title")
    assert title == "Banjir di Pekanbaru · Newsroom"
    metas = tree.xpath("//meta/@content")
    assert metas and not any(BIDI_CONTROLS.search(content) for content in metas)


def test_on_the_article_page_the_readers_text_is_isolated_and_kept_as_written(client, reversed_story):
    tree = html.fromstring(client.get(reversed_story.get_absolute_url()).content)
    headline = tree.xpath("//h1")[0]
    # Headlines lose their controls when stored (articles.text.visible_text); isolated all the same.
    assert isolated(headline) and without_controls(headline.text_content()) == "Banjir di Pekanbaru"
    texts = {
        f"Dunia{RLO}Arab": "//p[@class='kicker']//*[contains(text(), 'Dunia')]",
        f"Warga {RLO}mengungsi": "//figcaption/*[contains(text(), 'Warga')]",
        f"Riau{RLO}Banjir": "//ul[@class='tags']//*[contains(text(), 'Riau')]",
    }
    for text, path in texts.items():
        (element,) = tree.xpath(path)
        # Names may lose their controls where the desk stores them (tags and sections are identities); either way
        # what is shown is isolated.
        assert isolated(element) and without_controls(element.text) == without_controls(text)
    (link,) = tree.xpath("//aside[@class='related']//li")
    assert isolated(link) and without_controls(link.text_content()) == "Harga sawit"


def test_lists_isolate_headlines_and_names(client, reversed_story):
    tree = html.fromstring(client.get("/").content)
    headlines = [h for h in tree.xpath("//article[@class='card']/div/h2") if h.text_content() in STORY_HEADLINES]
    assert len(headlines) == 2 and all(isolated(h) for h in headlines)
    names = [element for element in tree.xpath("//*[contains(text(), 'Dunia')]") if element.tag != "option"]
    assert names and all(isolated(name) for name in names), "the menu and the cards' section"
    tag_page = html.fromstring(client.get("/tag/riaubanjir/").content)
    assert tag_page.findtext(".//title") == "RiauBanjir · Newsroom"
    (name,) = tag_page.xpath("//h1/bdi")
    assert without_controls(name.text) == "RiauBanjir"
