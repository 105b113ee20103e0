"""Sitemaps for search engines: articles, and the section, tag and source pages that list them.

Built for an archive of a million articles: every sitemap reads plain values (no model instances), and nothing
counts the archive. Article sitemaps hold 25,000 URLs a page (half the protocol's limit, see
ARTICLES_PER_SITEMAP), each page a block of article ids (so a story stays on the same page, and a page is an index
range, not an OFFSET); the index lists the blocks that hold a published story, found by one index probe each. Only
what readers can open appears: `published()` articles, and list pages that show at least one of them; a sitemap
page with nothing in it is left out of the index (an empty <urlset> is not valid) and answers 404.

The <urlset> of a page is written by `urlset_xml()`, not by a template: Django's template loop over 50,000 URLs
was nine tenths of an article sitemap page's time.
"""

import hashlib
from datetime import timedelta
from xml.sax.saxutils import escape as xml_escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Exists, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe
from taggit.models import Tag

from ..models import Article, ArticleTag, Section, Source, readable_subjects

# The sitemaps.org protocol's limit: 50,000 URLs a file.
URLS_PER_SITEMAP = 50_000
# Articles: blocks of 25,000 ids. A page of 50,000 took 190-220 ms to write on a 2-core server with a million
# stories (the target is 200 ms); half as many URLs take half the time, and a million stories are 40 sitemaps.
ARTICLES_PER_SITEMAP = 25_000
# Google News: articles published in the last two days, at most 1,000 URLs.
NEWS_WINDOW = timedelta(days=2)
NEWS_MAX_URLS = 1000
XML_CONTENT_TYPE = "application/xml"


def last_change():
    # A scheduled article changes for readers when it goes out, not when it was last edited.
    return Greatest("updated_at", "published_at")


def readers_change():
    """`Article.date_modified` in SQL: the update an editor announced to readers ("Diperbarui"), else the
    publication. The news sitemap gives it, as the story's JSON-LD and feeds do; typo fixes do not count."""
    return Greatest("published_at", Coalesce("updated_for_readers_at", "published_at"))


class IdBlockPaginator:
    """Pages of published articles by blocks of `per_page` ids from the first published one: page 2 is the next
    25,000 ids, whatever their dates. What Django's sitemap views read of a paginator: `num_pages`, `page(n)`;
    `listed_pages()` leaves out the blocks with no published story (all withdrawn, say)."""

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

    def block_start(self, number):
        return self.bounds[0] + (number - 1) * self.per_page

    def listed_pages(self):
        """The numbers of the blocks holding a published story: from each, the next published id is one step along
        the primary key index, and it names the next block to list (so a run of empty blocks costs one step). The
        first block starts at the first published id: it is listed without a look."""
        if not self.num_pages:
            return []
        pages, number = [1], 2
        published_ids = Article.objects.published().order_by("id").values_list("id", flat=True)
        while number <= self.num_pages:
            following = published_ids.filter(id__gte=self.block_start(number)).first()
            if following is None:
                break
            number = (following - self.bounds[0]) // self.per_page + 1
            pages.append(number)
            number += 1
        return pages

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        start = self.block_start(number)
        return Page(self.articles.filter(id__gte=start, id__lt=start + self.per_page), number, self)


class SubjectPaginator(Paginator):
    """Pages of the tags (sections, sources) readers can open, numbered by how many there are in all: an upper
    bound known without probing each one. None readable, no page: the index leaves the sitemap out (an empty
    <urlset> is not valid) and it answers 404."""

    @cached_property
    def count(self):
        return self.object_list.model.objects.count() if self.object_list.exists() else 0

    def listed_pages(self):
        return list(self.page_range) if self.count else []


def address_around(url_name):
    """The parts of `url_name`'s address before and after its slug: one reverse() a sitemap page instead of one
    per URL (half the time of a page of 50,000). A slug is the only part that changes, and needs no quoting."""
    before, _, after = reverse(url_name, kwargs={"slug": "slug"}).rpartition("slug")
    return before, after


class ArticleSitemap(Sitemap):
    limit = ARTICLES_PER_SITEMAP
    url_name = "articles:detail"

    def items(self):
        published = Article.objects.published().order_by("id")
        return published.annotate(changed=last_change()).values_list("slug", "changed")

    @cached_property
    def paginator(self):
        return IdBlockPaginator(self.items(), self.limit)

    def rows(self, page):
        """(slug, last change) of each story of `page`, read as plain tuples."""
        return list(page.object_list)

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

    def rows(self, page):
        return [(slug, None) for slug in page.object_list]


class SectionSitemap(ArticleGroupSitemap):
    model = Section
    article_filter = "section"
    url_name = "articles:section"


class TagSitemap(ArticleGroupSitemap):
    model = Tag
    article_filter = "tags"
    url_name = "articles:tag"

    def items(self):
        # Each tag's first published story along the (tag, article) index, stopping there. readable_subjects()'
        # EXISTS got one plan for every tag, a bitmap of all its rows: 1.9 million index entries for the 20,000 tags
        # of a large archive (5 s); an ordered LIMIT 1 can only be an index walk that stops at the first story.
        readable = Article.objects.published().filter(pk=OuterRef("content_object_id"))
        first_story = ArticleTag.objects.filter(tag=OuterRef("pk")).filter(Exists(readable)).order_by("content_object")
        return (
            Tag.objects.annotate(first_story=Subquery(first_story.values("content_object")[:1]))
            .filter(first_story__isnull=False)
            .order_by("slug")
            .values_list("slug", flat=True)
        )


class SourceSitemap(ArticleGroupSitemap):
    model = Source
    article_filter = "source"
    url_name = "articles:source"


@x_robots_tag
@require_safe
def sitemap_index(request, sitemaps):
    """The sitemap index: every page of every sitemap that has something on it, with the sitemap's latest change."""
    base = f"{request.scheme}://{get_current_site(request).domain}"
    listed = []
    for name, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        pages = sitemap.paginator.listed_pages()
        if not pages:
            continue
        location = base + reverse("sitemap_section", kwargs={"section": name})
        latest = sitemap.get_latest_lastmod()
        listed += [SitemapIndexItem(location if n == 1 else f"{location}?p={n}", latest) for n in pages]
    context = {"sitemaps": listed}
    return TemplateResponse(request, "articles/sitemaps/index.xml", context, content_type=XML_CONTENT_TYPE)


@x_robots_tag
@require_safe
def sitemap_section(request, sitemaps, section):
    """One page of one sitemap (`?p=N`); a page with nothing on it is not listed in the index and is a 404."""
    if section not in sitemaps:
        raise Http404
    sitemap = sitemaps[section]()
    try:
        page = sitemap.paginator.page(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None
    rows = sitemap.rows(page)
    if not rows:
        raise Http404
    before, after = address_around(sitemap.url_name)
    base = f"{request.scheme}://{get_current_site(request).domain}{before}"
    response = HttpResponse(urlset_xml(base, after, rows), content_type=XML_CONTENT_TYPE)
    # As Django's sitemap view does: the page's latest change, so that an unchanged page can answer 304.
    latest = max((lastmod for _, lastmod in rows if lastmod), default=None)
    if latest is not None:
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    # The page's validator without hashing its megabytes (ConditionalGetMiddleware would): what the page is made
    # of. An edit, a publication or a slug change moves the latest change; a withdrawal changes the number of rows.
    made_of = f"{base}|{after}|{page.number}|{len(rows)}|{latest.isoformat() if latest else ''}"
    response.headers["ETag"] = quote_etag(hashlib.md5(made_of.encode(), usedforsecurity=False).hexdigest())
    return response


def urlset_xml(before, after, rows):
    """A <urlset> of (slug, last change or None) rows, at least one (an empty <urlset> fails the protocol's XSD);
    each address is `before` + slug + `after`. Dates as W3C datetimes with the newsroom's offset:
    2023-11-28T19:05:00+07:00. The standard library's XML escape, not Django's (whose lazy-string check per call
    was a fifth of a page of 50,000), over all the slugs at once: a slug has no line break, so the escaped
    lines are the escaped slugs. The address around the slugs is escaped once."""
    zone = timezone.get_current_timezone()
    before, after = xml_escape(before), xml_escape(after)
    slugs = xml_escape("\n".join(slug for slug, _ in rows)).split("\n")
    urls = [
        f"<url><loc>{before}{slug}{after}</loc>"
        f"<lastmod>{lastmod.astimezone(zone).isoformat(timespec='seconds')}</lastmod></url>\n"
        if lastmod
        else f"<url><loc>{before}{slug}{after}</loc></url>\n"
        for slug, (_, lastmod) in zip(slugs, rows, strict=True)
    ]
    header = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    return "".join([header, *urls, "</urlset>\n"])


class NewsSitemap(Sitemap):
    """Google News: recent articles with their publication, date and title (articles/jinja2/.../news.xml)."""

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
