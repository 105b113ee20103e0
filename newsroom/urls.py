from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from articles.admin.dashboard import dashboard_view
from articles.public import media
from articles.public.sitemaps import NEWS_SITEMAPS, SITEMAPS, sitemap_index, sitemap_section
from articles.public.views import robots_txt
from newsroom import health

admin.site.site_header = _("Newsroom editors")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Desk")

# Readers' pages: Indonesian at their unprefixed addresses, English under /en/. The language is in the address
# (not in a cookie), so a page is the same for every reader who asks for it and shared caches can keep it.
urlpatterns = i18n_patterns(path("", include("articles.public.urls")), prefix_default_language=False)

urlpatterns += [
    # Through the admin site's own guard: a user who must set up two-factor authentication is sent there first.
    path("admin/meja/", admin.site.admin_view(dashboard_view), name="desk"),
    path("admin/", admin.site.urls),
    # The staff's choice of language for the admin (Django's language cookie); readers switch by address.
    path("i18n/setlang/", set_language, name="set_language"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # For load balancers and monitoring (newsroom/health.py); outside the languages, never cached.
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS},
        name="sitemap_index",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "articles/sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_section,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

# Photo originals only through their check; the web server serves renditions alone (docs/media-serving.md).
urlpatterns += [
    path("media/asli/<int:pk>/", media.photo_original, name="photo_original"),
    *media.debug_urlpatterns(),
]
