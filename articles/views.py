"""Readers' pages. Each view picks a queryset that starts from `published()`; templates only display."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Article, Section, Source


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
