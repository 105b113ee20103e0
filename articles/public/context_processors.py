from django.utils.functional import SimpleLazyObject

from ..models import Section, in_menu_order


def site(request):
    # The section menu of every reader's page: read when a template shows it, once however often it is shown.
    return {"nav_sections": SimpleLazyObject(lambda: in_menu_order(Section.objects.only("name", "slug")))}
