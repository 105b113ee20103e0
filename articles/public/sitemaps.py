"""Sitemaps for search engines: articles, and the section, tag and source pages that list them.

Built for an archive of a million articles: every sitemap reads plain values (no model instances), and nothing
counts the archive. Article sitemaps hold the protocol's 50,000 URLs a page, each page a block of article ids (so
a story stays on the same page for good, and a page is an index range, not an OFFSET); the index knows how many
pages there are from the smallest and largest published id. Only what readers can open appears: `published()`
articles, and list pages that show at least one of them; a sitemap with nothing in it is left out of the index
(an empty <urlset> is not valid) and answers 404.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Max, Min
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from taggit.models import Tag

from ..models import Article, Section, Source, readable_subjects

# The sitemaps.org protocol's limit: 50,000 URLs a file.
URLS_PER_SITEMAP = 50_000
# Google News: articles published in the last two days, at most 1,000 URLs.
NEWS_WINDOW = timedelta(days=2)
NEWS_MAX_URLS = 1000


def last_change():
    # A scheduled article changes for readers when it goes out, not when it was last edited.
    return Greatest("updated_at", "published_at")


def readers_change():
    """`Article.date_modified` in SQL: the update an editor announced to readers ("Diperbarui"), else the
    publication. The news sitemap gives it, as the story's JSON-LD and feeds do; typo fixes do not count."""
    return Greatest("published_at", Coalesce("updated_for_readers_at", "published_at"))


class IdBlockPaginator:
    """Pages of published articles by blocks of `per_page` ids from the first published one: page 2 is the next
    50,000 ids, whatever their dates. What Django's sitemap views read of a paginator: `num_pages`, `page(n)`."""

    def __init__(self, articles, per_page):
        self.articles, self.per_page = articles, per_page

    @cached_property
    def bounds(self):
        # Both ends of the primary key index: no row between them is read.
        ids = Article.objects.published().aggregate(first=Min("id"), last=Max("id"))
        return ids["first"], ids["last"]

    @cached_property
    def num_pages(self):
        first, last = self.bounds
        return 0 if first is None else (last - first) // self.per_page + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        start = self.bounds[0] + (number - 1) * self.per_page
        return Page(self.articles.filter(id__gte=start, id__lt=start + self.per_page), number, self)


class SubjectPaginator(Paginator):
    """Pages of the tags (sections, sources) readers can open, numbered by how many there are in all: an upper
    bound known without probing each one. None readable, no page: the index leaves the sitemap out (an empty
    <urlset> is not valid) and it answers 404."""

    @cached_property
    def count(self):
        return self.object_list.model.objects.count() if self.object_list.exists() else 0


class ArticleSitemap(Sitemap):
    limit = URLS_PER_SITEMAP

    def items(self):
        return Article.objects.published().order_by("id").annotate(changed=last_change()).values("slug", "changed")

    @cached_property
    def paginator(self):
        return IdBlockPaginator(self.items(), self.limit)

    @cached_property
    def address_around_slug(self):
        # One reverse() a page instead of one per story (half the time of a page of 50,000): the slug is the only
        # part of an article's address that changes, and a slug needs no quoting.
        before, _, after = reverse("articles:detail", kwargs={"slug": "slug"}).rpartition("slug")
        return before, after

    def location(self, item):
        before, after = self.address_around_slug
        return f"{before}{item['slug']}{after}"

    def lastmod(self, item):
        return item["changed"]

    def get_latest_lastmod(self):
        # The greatest of the two greatest, not the greatest per row: each is one step down an index.
        latest = Article.objects.published().aggregate(edited=Max("updated_at"), published=Max("published_at"))
        return max(filter(None, latest.values()), default=None)


class ArticleGroupSitemap(Sitemap):
    """The list pages of one kind (tags, sections, sources) that have published articles. Without a lastmod:
    the latest change of every tag is a walk over the whole tag join, which is what made the index slow."""

    limit = URLS_PER_SITEMAP
    model = None
    article_filter = None  # how an article names one, as in readable_subjects()
    url_name = None

    def items(self):
        return readable_subjects(self.model, self.article_filter).order_by("slug").values_list("slug", flat=True)

    @cached_property
    def paginator(self):
        return SubjectPaginator(self.items(), self.limit, allow_empty_first_page=False)

    def location(self, slug):
        return reverse(self.url_name, kwargs={"slug": slug})


class SectionSitemap(ArticleGroupSitemap):
    model = Section
    article_filter = "section"
    url_name = "articles:section"


class TagSitemap(ArticleGroupSitemap):
    model = Tag
    article_filter = "tags"
    url_name = "articles:tag"


class SourceSitemap(ArticleGroupSitemap):
    model = Source
    article_filter = "source"
    url_name = "articles:source"


@require_safe
def sitemap_index(request, sitemaps, **kwargs):
    """Django's sitemap index over the sitemaps that have at least one page."""
    listed = {name: sitemap() for name, sitemap in sitemaps.items()}
    listed = {name: sitemap for name, sitemap in listed.items() if sitemap.paginator.num_pages}
    return sitemap_views.index(request, listed, **kwargs)


class NewsSitemap(Sitemap):
    """Google News: recent articles with their publication, date and title (see templates/sitemaps/news.xml)."""

    limit = NEWS_MAX_URLS

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .order_by("-published_at", "-id")
            .annotate(changed=readers_change())
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
