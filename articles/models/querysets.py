"""What the desk asks of its articles, in its own words: `published()`, the one rule of what readers may see, and
the related rows each kind of page loads with a story (`for_detail()`, `for_listing()`, `for_ninjs()`)."""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from .links import RelatedLink
from .photos import shown_photos
from .tags import ArticleTag

# Long derived columns no page shows (see ArticleManager); related rows that join an article leave them out too.
SEARCH_COLUMNS = ("search_document",)


def linked_articles(relation):
    return [f"{relation}__{column}" for column in SEARCH_COLUMNS]


class ArticleQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """What a reader may see: published, and the publication time (`at`, default now) has come."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now() if at is None else at)

    def scheduled(self):
        """Published by an editor for a time still to come: readers see these once that time arrives."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def in_state(self, state):
        """Filter by the editors' state (see `Article.State`), which splits "published" into live and scheduled."""
        if state == self.model.State.PUBLISHED:
            return self.published()
        if state == self.model.State.SCHEDULED:
            return self.scheduled()
        return self.filter(status=state)

    def tagged(self, tag):
        """Articles carrying `tag`: a semi-join on the desk's through table (`ArticleTag`), so PostgreSQL either walks
        the list's index newest first probing (article, tag) per story, or, for a rarely used tag, starts from the
        tag's few rows."""
        return self.filter(Exists(ArticleTag.objects.filter(content_object=OuterRef("pk"), tag=tag)))

    # A story's own rows (tags, credits, "Baca juga" lines, and its photos: photos.shown_photos) are prefetched
    # unordered, and the Article properties that read them put them in the desk's order: a handful of rows each,
    # while Django building ORDER BY over a query's selected columns cost 9% of an article page's CPU (README).

    def _tags(self):
        # Through the desk's own table with each tag joined, so the tags keep the order they were put on the story
        # (taggit's prefetch of `tags` asks for DISTINCT tags in no order).
        return Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag").order_by())

    def with_tags(self):
        """The tags of every story loaded (`Article.tag_list`), in one query however many."""
        return self.prefetch_related(self._tags())

    def _byline(self):
        # The credits with their authors in one query (Credit is Article.authors' through model).
        return Prefetch("credits", queryset=self.model.authors.through.objects.select_related("author").order_by())

    def with_byline(self):
        """The credits and their authors (`Article.byline`), in one query however many articles."""
        return self.prefetch_related(self._byline())

    def by_author(self, author):
        """Articles crediting `author`, each once however many parts they had in it (a semi-join, as `tagged`)."""
        credits = self.model.authors.through.objects.filter(article=OuterRef("pk"), author=author)
        return self.filter(Exists(credits))

    def for_listing(self):
        """Everything a list item shows (section, lead photo, its renditions) in a fixed number of queries."""
        return self.select_related("section").prefetch_related(*shown_photos())

    def for_ninjs(self):
        """Everything `ninjs.article_to_ninjs` reads, in a fixed number of queries however many articles."""
        return self.select_related("section", "source").prefetch_related(
            *shown_photos(renditions=False),
            self._tags(),
            self._byline(),
            "corrections",
            Prefetch(
                "related_links",
                queryset=RelatedLink.objects.select_related("target").defer(*linked_articles("target")).order_by(),
            ),
        )

    def for_detail(self):
        """Everything the article page shows, in a fixed number of queries whatever the story carries. The
        corrections are read by the page only for a story that has some (`Article.shown_corrections`): most
        stories never are, and their query was 0.7 ms of the page's 9 at a million articles (README)."""
        return self.select_related("section", "source").prefetch_related(
            *shown_photos(),
            self._tags(),
            self._byline(),
            Prefetch("related_links", queryset=RelatedLink.objects.with_target_address().order_by()),
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search documents are as long as the article and only PostgreSQL's matching reads them:
        # never load them into Python (filters and annotations on them still work).
        return super().get_queryset().defer(*SEARCH_COLUMNS)
