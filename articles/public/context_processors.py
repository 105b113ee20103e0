from django.utils.functional import SimpleLazyObject

from .menu import section_menu


def site(request):
    # The section menu of every reader's page: read when a template shows it, once however often it is shown.
    return {"nav_sections": SimpleLazyObject(lambda: section_menu(request))}
