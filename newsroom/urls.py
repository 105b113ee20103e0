from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from articles import media
from articles.dashboard import dashboard_view
from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS
from articles.views import robots_txt

admin.site.site_header = _("Newsroom editors")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Desk")

urlpatterns = [
    # Readers' pages first: they are nearly every request, and no other pattern shares their prefixes.
    path("", include("articles.urls")),
    # Through the admin site's own guard: a user who must set up two-factor authentication is sent there first.
    path("admin/meja/", admin.site.admin_view(dashboard_view), name="desk"),
    path("admin/", admin.site.urls),
    # Without a CSRF token the language form keeps every public page identical for every reader, so the
    # pages stay cacheable and their ETags stable. A forged POST could only switch a reader's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section", "template_name": "articles/sitemaps/index.xml"},
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
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "articles/sitemaps/urlset.xml"},
        name="sitemap_section",
    ),
]

# Photo originals only through their check; the web server serves renditions alone (docs/media-serving.md).
urlpatterns += [
    path("media/asli/<int:pk>/", media.photo_original, name="photo_original"),
    *media.debug_urlpatterns(),
]
