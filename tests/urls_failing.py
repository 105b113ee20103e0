"""The site's URLs plus a page that fails, to show readers the 500 page."""

from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def broken_page(request):
    raise RuntimeError("the database went away")


urlpatterns = [path("rusak/", broken_page), *site_urlpatterns]
