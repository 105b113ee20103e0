from django.conf import settings

from .models import Section


def site(request):
    # A lazy callable: the query runs only when a template shows the section menu.
    return {"site_name": settings.SITE_NAME, "nav_sections": lambda: list(Section.objects.only("name", "slug"))}
