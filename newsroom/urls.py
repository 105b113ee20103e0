from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from articles.dashboard import dashboard_view

admin.site.site_header = _("Newsroom editors")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Desk")

urlpatterns = [
    path("admin/meja/", dashboard_view, name="desk"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
