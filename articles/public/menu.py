"""The section menu at the top of every readers' page, kept in Django's cache beside the pages.

The menu names the sections that have a story readers may see. It changes only when a story goes out or comes
off, a scheduled story's time comes, or a section is renamed: exactly when the page cache's generation moves on
(caching.py). So it is stored with the generation it was read in (in the shared cache, and in each process that
served it), and read from the database again in the next one. Without it, every page asked the database for the
sections, each probed for a published story: about 1.5 ms of an article page's 10 at a million articles (README,
"A large archive").

A request that knows no generation (staff reading the site, an error page, the cache server away) reads the
menu from the database, as does every request where the cache is not shared (NEWSROOM_MENU_CACHE off: local
memory, without Redis).
"""

from dataclasses import dataclass
from functools import lru_cache

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
    """The menu for `request`: the one stored in the request's generation, when there is one."""
    generation = getattr(request, "page_generation", None)
    if generation is None or not settings.NEWSROOM_MENU_CACHE:
        return sections_in_menu()
    return generation_menu(generation[0], translation.get_language())


# Each process also keeps the menus of the generation it served last: the generation's number comes from the
# shared cache with every request, so a copy kept under it is as current as the shared one, and most pages then
# ask the cache server nothing more (a round trip was 3% of an article page). Sized for the site's languages.
@lru_cache(maxsize=len(settings.LANGUAGES))
def generation_menu(number, language):
    """The menu of generation `number` in `language` (the active one): from the shared cache when another process
    stored it, else from the database, then stored there for the others."""
    key = f"pages:menu:{language}"
    stored = guarded(lambda: cache.get(key))
    if stored is not None and stored[0] == number:
        return stored[1]
    menu = sections_in_menu()
    guarded(lambda: cache.set(key, (number, menu), settings.NEWSROOM_PAGE_CACHE_TIMEOUT))
    return menu
