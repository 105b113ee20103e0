"""Sitemaps for search engines: articles, and the section, tag and source pages that list them.

Built for an archive of hundreds of thousands of articles: every sitemap reads plain values (no model
instances), pages of `limit` URLs are LIMIT/OFFSET slices of an indexed ordering, and the index asks the
database for each sitemap's latest change instead of walking every item. Only what readers can open
appears: `published()` articles, and list pages that show at least one of them.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from ..models import Article

# Google accepts 50,000 URLs a file; smaller pages keep each response quick to build.
URLS_PER_SITEMAP = 5000
# Google News: articles published in the last two days, at most 1,000 URLs.
NEWS_WINDOW = timedelta(days=2)
NEWS_MAX_URLS = 1000


def last_change():
    # A scheduled article changes for readers when it goes out, not when it was last edited.
    return Greatest("updated_at", "published_at")


class ArticleSitemap(Sitemap):
    limit = URLS_PER_SITEMAP

    def items(self):
        return (
            Article.objects.published()
            .order_by("-published_at", "-id")
            .annotate(changed=last_change())
            .values("slug", "changed")
        )

    def location(self, item):
        return reverse("articles:detail", kwargs={"slug": item["slug"]})

    def lastmod(self, item):
        return item["changed"]

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max(last_change()))["latest"]


class ArticleGroupSitemap(Sitemap):
    """The list pages of one kind (tags, sections, sources) that have published articles."""

    limit = URLS_PER_SITEMAP
    slug_field = None  # e.g. "section__slug"
    url_name = None

    def items(self):
        return (
            Article.objects.published()
            .filter(**{f"{self.slug_field}__isnull": False})
            .values(self.slug_field)
            .annotate(changed=Max(last_change()))
            .order_by(self.slug_field)
        )

    def location(self, item):
        return reverse(self.url_name, kwargs={"slug": item[self.slug_field]})

    def lastmod(self, item):
        return item["changed"]

    def get_latest_lastmod(self):
        return (
            Article.objects.published()
            .filter(**{f"{self.slug_field}__isnull": False})
            .aggregate(latest=Max(last_change()))["latest"]
        )


class SectionSitemap(ArticleGroupSitemap):
    slug_field = "section__slug"
    url_name = "articles:section"


class TagSitemap(ArticleGroupSitemap):
    slug_field = "tags__slug"
    url_name = "articles:tag"


class SourceSitemap(ArticleGroupSitemap):
    slug_field = "source__slug"
    url_name = "articles:source"


class NewsSitemap(Sitemap):
    """Google News: recent articles with their publication, date and title (see templates/sitemaps/news.xml)."""

    limit = NEWS_MAX_URLS

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .order_by("-published_at", "-id")
            .annotate(changed=last_change())
            .values("slug", "headline", "language", "published_at", "changed")[:NEWS_MAX_URLS]
        )

    def location(self, item):
        return reverse("articles:detail", kwargs={"slug": item["slug"]})

    def lastmod(self, item):
        return item["changed"]


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
