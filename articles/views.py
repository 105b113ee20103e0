"""Readers' pages. Each view picks a queryset that starts from `published()`; templates only display."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from . import workflow
from .models import Article, Correction, Section, SlugRedirect, Source


class PublishedArticlesMixin:
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedArticlesMixin, ListView):
    pass


class FilteredArticlesView(PublishedArticlesMixin, ListView):
    """A list page about one thing (a tag, a source, a section): 404 when that thing does not exist."""

    model_for_page = None
    article_filter = None

    def get_subject(self):
        return get_object_or_404(self.model_for_page, slug=self.kwargs["slug"])

    def get_queryset(self):
        self.subject = self.get_subject()
        return super().get_queryset().filter(**{self.article_filter: self.subject})

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, subject_kind=self.subject_kind, **kwargs)


class TagView(FilteredArticlesView):
    model_for_page = Tag
    article_filter = "tags"
    subject_kind = "tag"


class SourceView(FilteredArticlesView):
    model_for_page = Source
    article_filter = "source"
    subject_kind = "source"


class SectionView(FilteredArticlesView):
    model_for_page = Section
    article_filter = "section"
    subject_kind = "section"


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Only for addresses that are not a live article: the page readers usually get stays at its queries.
            return self.moved_or_gone(request, self.kwargs["slug"])

    def moved_or_gone(self, request, slug):
        readable = Q(article__in=Article.objects.published()) | Q(article__status=Article.Status.WITHDRAWN)
        moved = SlugRedirect.objects.filter(readable, old_slug=slug).select_related("article").first()
        if moved is not None:
            return redirect(moved.article.get_absolute_url(), permanent=True)
        if Article.objects.filter(slug=slug, status=Article.Status.WITHDRAWN).exists():
            # Gone on purpose: say so (410), rather than showing the old story or pretending it never existed.
            response = TemplateResponse(request, "articles/article_gone.html", status=410)
            response["X-Robots-Tag"] = "noindex"
            return response
        raise Http404


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(DetailView):
    """A draft exactly as readers will see it, for the staff who may edit it; for anybody else it does not exist."""

    context_object_name = "article"
    template_name = "articles/article_detail.html"

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


class CorrectionListView(ListView):
    """ "Ralat": every correction, clarification and update on articles readers can see, newest first."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    template_name = "articles/correction_list.html"
    context_object_name = "corrections"

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.published())
            .select_related("article")
            .order_by("-published_at", "-id")
        )
