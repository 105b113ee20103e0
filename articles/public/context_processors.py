from django.utils.functional import SimpleLazyObject

from ..models import Section, in_menu_order, readable_subjects


def site(request):
    # The section menu of every reader's page: read when a template shows it, once however often it is shown.
    # Only sections with a story readers may see: any other section's page is a 404. In the menu's order, which
    # in_menu_order() sets in Python (the database's is not asked for).
    return {
        "nav_sections": SimpleLazyObject(
            lambda: in_menu_order(readable_subjects(Section, "section").only("name", "slug").order_by())
        )
    }
