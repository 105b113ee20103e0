from django.conf import settings

from .addresses import request_addresses
from .models import Section, in_menu_order
from .prepared import PreparedQuery
from .translations import request_gettext

# On every reader's page: compiled once, like the article page's statement.
SECTION_MENU = PreparedQuery(Section.objects.only("name", "slug"))


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        # A lazy callable: the query runs only when a template shows the section menu.
        "nav_sections": lambda: in_menu_order(SECTION_MENU.raw()),
        # Templates' url(): a page names dozens of addresses, all for this request's URLconf and prefix.
        "url": request_addresses(),
        # Templates' _(): dozens of strings a page, all in the language this request was activated in.
        "_": request_gettext(),
    }
