"""Readers' pages. Each view picks a queryset that starts from `published()`; templates only display."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .. import search, workflow
from ..models import (
    Article,
    Author,
    Correction,
    PreviewLink,
    Section,
    SlugRedirect,
    Source,
    has_readable_story,
    linked_articles,
)
from .forms import SearchForm
from .frontpage import Arrangement, current_arrangement
from .pagination import NEWER, OLDER, keyset_page, numbered_page_key, older_than_query
from .provenance import provenance
from .structured_data import article_metadata


class PublishedArticlesMixin:
    """A list of published stories, newest first, paged by key (see pagination.py): no page counts the archive."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get(self, request, *args, **kwargs):
        if "page" in request.GET:
            # An address from before paging by key: the same place, as far back as a bounded walk reaches.
            key = numbered_page_key(self.get_queryset(), request.GET["page"], self.paginate_by)
            return redirect(f"{request.path}?{older_than_query(*key)}" if key else request.path)
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        page = keyset_page(queryset, self.request.GET, page_size)
        return None, page, page.object_list, page.has_other_pages()


class HomeView(PublishedArticlesMixin, ListView):
    """The newest stories; on the first page, below the editors' arrangement (top story, picks, banner) if any."""

    def get(self, request, *args, **kwargs):
        first_page = not {OLDER, NEWER} & request.GET.keys()
        self.front_page = current_arrangement() if first_page else Arrangement()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        articles = super().get_queryset()
        if self.front_page.top_story:
            # Shown above as the top story: not a second time among the newest.
            articles = articles.exclude(pk=self.front_page.top_story.pk)
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(front_page=self.front_page, **kwargs)


class FilteredArticlesView(PublishedArticlesMixin, ListView):
    """A list page about one thing (a tag, a source, a section): 404 unless readers may see a story about it."""

    model_for_page = None
    article_filter = None
    feed_url_name = None  # its RSS feed; the Atom feed is named with an "_atom" suffix

    def get(self, request, *args, **kwargs):
        self.subject = get_object_or_404(self.model_for_page, slug=self.kwargs["slug"])
        if "page" in request.GET:
            # Before the redirect, which would tell the subject exists.
            self.ensure_readable(self.subject, stories_shown=False)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.about(super().get_queryset(), self.subject)

    def paginate_queryset(self, queryset, page_size):
        paginated = super().paginate_queryset(queryset, page_size)
        self.ensure_readable(self.subject, stories_shown=bool(paginated[2]))
        return paginated

    def ensure_readable(self, subject, *, stories_shown):
        """404 unless readers may see a story about the subject: a tag or source only unpublished (or embargoed)
        stories use is as unknown to readers as a made-up one. A page that shows a story has proved it (the page's
        stories are `published()` ones about the subject); only an empty page asks the database."""
        if not stories_shown and not has_readable_story(self.article_filter, subject):
            raise Http404

    def about(self, articles, subject):
        return articles.filter(**{self.article_filter: subject})

    def get_context_data(self, **kwargs):
        slug = {"slug": self.subject.slug}
        feeds = {
            "rss": reverse(self.feed_url_name, kwargs=slug),
            "atom": reverse(f"{self.feed_url_name}_atom", kwargs=slug),
        }
        return super().get_context_data(
            subject=self.subject, subject_kind=self.subject_kind, subject_feeds=feeds, **kwargs
        )


class TagView(FilteredArticlesView):
    model_for_page = Tag
    article_filter = "tags"
    subject_kind = "tag"
    feed_url_name = "articles:tag_feed"

    def about(self, articles, tag):
        return articles.tagged(tag)


class SourceView(FilteredArticlesView):
    model_for_page = Source
    article_filter = "source"
    subject_kind = "source"
    feed_url_name = "articles:source_feed"


class AuthorView(FilteredArticlesView):
    model_for_page = Author
    article_filter = "authors"
    subject_kind = "author"
    feed_url_name = "articles:author_feed"

    def about(self, articles, author):
        return articles.by_author(author)


class SectionView(FilteredArticlesView):
    model_for_page = Section
    article_filter = "section"
    subject_kind = "section"
    feed_url_name = "articles:section_feed"


def page_last_modified(article):
    """When the article page last changed, from the rows the page already loaded.

    The article's own time covers its photos, links and tags (saving them touches it); a "Baca juga"
    title also becomes a link when its target is published. What no timestamp covers (a renamed section,
    the menu) still changes the page's content ETag, which takes precedence when a client sends both.
    """
    times = [article.modified_at]
    times += [link.target.published_at for link in article.read_also if link.target and link.target.is_visible]
    return max(times)


class ArticleDetailView(DetailView):
    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get_context_data(self, **kwargs):
        origin = provenance(self.object)
        return super().get_context_data(
            provenance=origin,
            metadata=article_metadata(self.object, self.request.build_absolute_uri, origin),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            return self.moved_or_gone(request, self.kwargs["slug"])
        # ConditionalGetMiddleware answers If-Modified-Since (and If-None-Match, from its content ETag) with 304.
        response.headers["Last-Modified"] = http_date(page_last_modified(self.object).timestamp())
        return response

    def moved_or_gone(self, request, slug):
        readable = Q(article__in=Article.objects.published()) | Q(article__status=Article.Status.WITHDRAWN)
        moved = (
            SlugRedirect.objects.filter(readable, old_slug=slug)
            .select_related("article")
            .defer(*linked_articles("article"))
            .first()
        )
        if moved is not None:
            return redirect(moved.article.get_absolute_url(), permanent=True)
        if Article.objects.filter(slug=slug, status=Article.Status.WITHDRAWN).exists():
            # Gone on purpose: say so (410), rather than showing the old story or pretending it never existed.
            response = TemplateResponse(request, "articles/article_gone.html", status=410)
            response["X-Robots-Tag"] = "noindex"
            return response
        raise Http404


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """A draft exactly as readers will see it, for the staff who may edit it; for anybody else it does not exist."""

    def get(self, request, *args, **kwargs):
        # No redirects, 410s or validators: a preview is of this draft as it is now, or nothing.
        return DetailView.get(self, request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.for_detail()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not workflow.can_preview(self.request.user, article):
            raise Http404
        return article

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class SharedPreviewView(ArticlePreviewView):
    """The draft a preview link names, for whoever holds the link (no account needed) until it expires or is
    revoked; a forged, altered, expired or revoked link finds nothing. Never cached, never indexed."""

    def get_object(self, queryset=None):
        link = PreviewLink.objects.from_token(self.kwargs["token"])
        if link is None:
            raise Http404
        # A withdrawn story (a legal kill) is readable nowhere, whichever way it was taken down.
        return get_object_or_404(self.get_queryset().exclude(status=Article.Status.WITHDRAWN), pk=link.article_id)

    def render_to_response(self, context, **response_kwargs):
        # Like the staff preview: never_cache (no-store: a revoked link must not go on showing the draft from a
        # browser's cache), noindex.
        response = super().render_to_response(context, **response_kwargs)
        response["Referrer-Policy"] = "no-referrer"  # the link's token must not leak to a site the draft links to
        return response


class CorrectionListView(ListView):
    """ "Ralat": every correction, clarification and update on articles readers can see, newest first."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    template_name = "articles/correction_list.html"
    context_object_name = "corrections"

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.published())
            .select_related("article")
            .defer(*linked_articles("article"))
            .order_by("-published_at", "-id")
        )


class SearchView(ListView):
    """Readers' search: without words it shows only the form, never the whole archive."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = search.ResultsPaginator
    template_name = "articles/search.html"
    context_object_name = "results"

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        self.query = self.form.cleaned_data["q"].strip() if self.form.is_valid() else ""
        if not self.query:
            return Article.objects.none()
        return search.search_articles(self.query, **self.form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, query=self.query, **kwargs)
        if self.query:
            context["results_summary"] = search.results_summary(context["paginator"], self.query)
        for article in context["results"]:
            article.headline_html, article.snippet_html = search.highlight(article, self.query)
        return context


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap_news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
