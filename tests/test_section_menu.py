"""The section menu on every readers' page: read from the database once per generation of the page cache, and never
older than the pages it is on (a story published, withdrawn or due, a section renamed)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from lxml import html

from articles import workflow
from articles.models import Section
from articles.public.menu import MenuSection, generation_menu
from tests.page_statements import statements_reading

pytestmark = pytest.mark.django_db


def menu(response):
    """The menu's sections as (name, address), after its first entry (the latest news)."""
    links = html.fromstring(response.content).xpath("//ul[@class='nav']/li/a")[1:]
    return [(link.text_content(), link.get("href")) for link in links]


def menu_queries(client, url, settings):
    """The statements `url` ran that read the sections (the page itself is rendered, not served from the cache)."""
    settings.NEWSROOM_PAGE_CACHE = False
    return statements_reading(client, url, "articles_section")


def test_the_menu_is_read_once_a_generation_not_with_every_page(client, make_article, internasional, settings):
    story = make_article("Rusia siap bantu Azerbaijan", section=internasional)
    assert len(menu_queries(client, story.get_absolute_url(), settings)) == 1
    assert menu_queries(client, "/", settings) == []
    assert menu_queries(client, story.get_absolute_url(), settings) == []
    assert menu(client.get("/")) == [("Internasional", "/rubrik/internasional/")]


def test_a_process_keeps_its_generations_menu_and_another_finds_it_in_the_shared_cache(
    client, make_article, internasional
):
    make_article("Rusia siap bantu Azerbaijan", section=internasional)
    assert menu(client.get("/")) == [("Internasional", "/rubrik/internasional/")]
    # Another copy in the shared cache for this generation, planted so that each page shows which copy it read.
    number, _ = cache.get("pages:menu:id")
    cache.set("pages:menu:id", (number, [MenuSection("Dari cache bersama", "/rubrik/lain/")]))
    # The process that stored it asks the cache server nothing more in this generation...
    assert menu(client.get("/ralat/")) == [("Internasional", "/rubrik/internasional/")]
    # ...and a process that has served nothing in it yet reads the shared copy, not the database.
    generation_menu.cache_clear()
    assert menu(client.get("/ralat/?ulang=1")) == [("Dari cache bersama", "/rubrik/lain/")]


def test_a_section_joins_the_menu_with_its_first_story_and_leaves_with_its_last(
    client, make_article, internasional, desk_user
):
    make_article("Rusia siap bantu Azerbaijan", section=internasional)
    riau = Section.objects.create(name="Riau")
    assert [name for name, _ in menu(client.get("/"))] == ["Internasional"]
    story = make_article("Banjir di Rumbai", section=riau)
    assert [name for name, _ in menu(client.get("/ralat/"))] == ["Internasional", "Riau"]
    workflow.withdraw(story, by=desk_user("Editor", "redaktur"))
    assert [name for name, _ in menu(client.get("/ralat/?ulang=1"))] == ["Internasional"]


def test_a_scheduled_storys_section_joins_the_menu_on_time(client, make_article, internasional, clock):
    make_article("Rusia siap bantu Azerbaijan", section=internasional)
    make_article(
        "Harga sawit naik", section=Section.objects.create(name="Riau"), published_at=clock.now + timedelta(minutes=10)
    )
    assert [name for name, _ in menu(client.get("/"))] == ["Internasional"]
    clock.advance(minutes=10, seconds=1)
    assert [name for name, _ in menu(client.get("/ralat/"))] == ["Internasional", "Riau"]


def test_a_renamed_section_is_renamed_in_the_menu(client, make_article, internasional):
    make_article("Rusia siap bantu Azerbaijan", section=internasional)
    assert menu(client.get("/")) == [("Internasional", "/rubrik/internasional/")]
    internasional.name = "Dunia"
    internasional.save()
    assert menu(client.get("/ralat/")) == [("Dunia", "/rubrik/internasional/")]


def test_each_language_has_its_own_menu_addresses(client, make_article, internasional):
    make_article("Rusia siap bantu Azerbaijan", section=internasional)
    assert menu(client.get("/")) == [("Internasional", "/rubrik/internasional/")]
    assert menu(client.get("/en/")) == [("Internasional", "/en/rubrik/internasional/")]
    assert menu(client.get("/ralat/")) == [("Internasional", "/rubrik/internasional/")]


def test_staff_reading_the_site_get_the_menu_from_the_database(
    client, make_article, internasional, desk_user, settings
):
    story = make_article("Rusia siap bantu Azerbaijan", section=internasional)
    client.get("/")  # a reader's page stored the menu
    client.force_login(desk_user("Editor", "redaktur"))
    # A staff member's request knows no generation (it is never cached): the menu is read as the page is.
    assert len(menu_queries(client, story.get_absolute_url(), settings)) == 1


def test_with_the_cache_down_the_menu_comes_from_the_database(client, make_article, internasional, redis_down):
    make_article("Rusia siap bantu Azerbaijan", section=internasional)
    for _ in range(2):
        assert menu(client.get("/")) == [("Internasional", "/rubrik/internasional/")]


def test_where_the_cache_is_not_shared_every_page_reads_the_menu(client, make_article, internasional, settings):
    # Local memory without Redis: each process's own, where another's publishing would never reach the menu.
    settings.NEWSROOM_MENU_CACHE = False
    story = make_article("Rusia siap bantu Azerbaijan", section=internasional)
    assert len(menu_queries(client, story.get_absolute_url(), settings)) == 1
    assert len(menu_queries(client, "/", settings)) == 1
