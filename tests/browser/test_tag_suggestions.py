"""An editor tagging a story is offered the tags the desk already uses, so "rus" becomes "Rusia" rather than a new
"Russia": with the keyboard or the mouse, in Chromium, against the admin's own form."""

from urllib.parse import parse_qs, urlsplit

import pytest

from articles.models import Article
from tests.browser.conftest import DESKTOP, close_context
from tests.browser.editors import Screenshots, ensure_roles, log_in, make_desk_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def desk_with_tags(make_article):
    make_article("Rusia siap bantu Azerbaijan", tags=["Rusia", "Azerbaijan"])
    make_article("Putin bertemu Aliyev", tags=["Rusia"])
    flood = make_article("Banjir di Rumbai", tags=["Pekanbaru, Riau", "Banjir"])
    return {"armenia": make_article("Menlu Rusia bertemu Menlu Armenia", tags=["Armenia"]), "flood": flood}


@pytest.fixture
def open_story(browser, live_server, desk_with_tags):
    """The change form of one of the desk's stories, the desk's editor logged in."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    ensure_roles()
    log_in(page, make_desk_user("Editor", "redaktur"))

    def open_(story):
        page.goto(f"/admin/articles/article/{desk_with_tags[story].pk}/change/")
        return page

    yield open_
    close_context(context)


def asked_for(response, typed):
    """Whether `response` answers the suggestions request for `typed` (the field asks after each pause in typing)."""
    url = urlsplit(response.url)
    return url.path.endswith("/tag-suggestions/") and parse_qs(url.query).get("q") == [typed]


def type_after_the_tags(page, typed, expected_option):
    """Types `typed` at the end of the tag field, a key at a time, and waits for `expected_option` to be offered."""
    tags = page.get_by_role("combobox", name="Tag")
    tags.press("End")
    tags.press_sequentially(typed)
    suggestions = page.get_by_role("listbox", name="Tag")
    suggestions.get_by_role("option", name=expected_option).wait_for()
    return tags, suggestions


def test_an_editor_takes_the_desks_tags_from_the_suggestions(open_story, desk_with_tags):
    page = open_story("armenia")
    assert page.get_by_role("combobox", name="Tag").input_value() == "Armenia"
    tags, suggestions = type_after_the_tags(page, ", ru", "Rusia")
    # Names beginning with what was typed come first, then names containing it.
    assert suggestions.get_by_role("option").all_inner_texts() == ["Rusia", "Pekanbaru, Riau"]
    assert tags.get_attribute("aria-expanded") == "true"
    # Shown whole over the form below, not clipped by the field's row.
    # (The tag field sits below the body's editor: the list may open below the window until scrolled to.)
    suggestions.get_by_role("option", name="Pekanbaru, Riau").scroll_into_view_if_needed()
    last = suggestions.get_by_role("option", name="Pekanbaru, Riau").bounding_box()
    centre = [last["x"] + last["width"] / 2, last["y"] + last["height"] / 2]
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).textContent", centre) == "Pekanbaru, Riau"
    Screenshots().take(page, "admin-tag-suggestions")
    tags.press("ArrowDown")
    assert suggestions.get_by_role("option", name="Rusia").get_attribute("aria-selected") == "true"
    tags.press("Enter")  # takes the suggestion; the form is not sent
    assert tags.input_value() == "Armenia, Rusia, "
    assert suggestions.is_hidden() and tags.get_attribute("aria-expanded") == "false"

    # A tag already in the field is not offered again; one with a comma is written quoted, as the field reads it.
    tags.press_sequentially("r")
    suggestions.get_by_role("option", name="Pekanbaru, Riau").wait_for()
    assert suggestions.get_by_role("option").all_inner_texts() == ["Azerbaijan", "Banjir", "Pekanbaru, Riau"]
    suggestions.get_by_role("option", name="Pekanbaru, Riau").click()
    assert tags.input_value() == 'Armenia, Rusia, "Pekanbaru, Riau", '

    # A new tag: the desk's answer for it comes back empty, and nothing opens in the way. The comma typed out of
    # habit after a taken suggestion is the separator already there, not a second one.
    with page.expect_response(lambda response: asked_for(response, "Perdamaian")) as answer:
        tags.press_sequentially(", Perdamaian")
    assert tags.input_value() == 'Armenia, Rusia, "Pekanbaru, Riau", Perdamaian'
    assert answer.value.ok and answer.value.json() == {"tags": []}
    assert suggestions.is_hidden() and tags.get_attribute("aria-expanded") == "false"
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url("**/admin/articles/article/")
    story = Article.objects.get(pk=desk_with_tags["armenia"].pk)
    assert sorted(story.tags.names()) == ["Armenia", "Pekanbaru, Riau", "Perdamaian", "Rusia"]


def test_tags_the_story_already_has_are_not_offered_again_even_when_quoted(open_story):
    page = open_story("flood")
    # The field writes the names in order, one with a comma in quotes.
    assert page.get_by_role("combobox", name="Tag").input_value() == 'Banjir, "Pekanbaru, Riau"'
    _tags, suggestions = type_after_the_tags(page, ", r", "Rusia")
    assert suggestions.get_by_role("option").all_inner_texts() == ["Rusia", "Armenia", "Azerbaijan"]
