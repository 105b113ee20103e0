"""The section menu at the top of every readers' page, kept in Django's cache beside the pages.

The menu names the sections that have a story readers may see. It changes only when a story goes out or comes
off, a scheduled story's time comes, or a section is renamed: exactly when the page cache's generation moves on
(caching.py). So it is stored with the generation it was read in, and read from the database again in the next
one. Without it, every page asked the database for the sections, each probed for a published story: about 1.5 ms
of an article page's 10 at a million articles (README, "A large archive").

A request that knows no generation (staff reading the site, an error page, the cache server away) reads the
menu from the database, as does every request where the cache is not shared (NEWSROOM_MENU_CACHE off: local
memory, without Redis).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from ..models import Section, in_menu_order, readable_subjects
from .caching import guarded


@dataclass(frozen=True)
class MenuSection:
    name: str
    url: str  # in the active language's addresses (/rubrik/... or /en/rubrik/...)


def sections_in_menu():
    """The sections readers may open (any other's page is a 404), each with its address, in the menu's order
    (set in Python by in_menu_order(): the database's collation is not asked for)."""
    sections = readable_subjects(Section, "section").only("name", "slug").order_by()
    return [MenuSection(section.name, section.get_absolute_url()) for section in in_menu_order(sections)]


def section_menu(request):
    """The menu for `request`: from the cache when it was stored in the request's generation."""
    generation = getattr(request, "page_generation", None)
    if generation is None or not settings.NEWSROOM_MENU_CACHE:
        return sections_in_menu()
    key = f"pages:menu:{translation.get_language()}"
    stored = guarded(lambda: cache.get(key))
    if stored is not None and stored[0] == generation[0]:
        return stored[1]
    menu = sections_in_menu()
    guarded(lambda: cache.set(key, (generation[0], menu), settings.NEWSROOM_PAGE_CACHE_TIMEOUT))
    return menu
