"""Readers' pages. Each view picks a queryset that starts from `published()`; templates only display."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from . import search
from .forms import SearchForm
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


class SearchView(ListView):
    """Readers' search: without words it shows only the form, never the whole archive."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
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
        for article in context["results"]:
            article.headline_html, article.snippet_html = search.highlight(article, self.query)
        return context
