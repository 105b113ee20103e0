"""One tag on one article: the desk's own through model for taggit.

taggit's default through table names the tagged object by content type and an integer `object_id`. Joined to the
article's bigint id PostgreSQL compares `id = object_id::bigint`, and that cast keeps every index out: a tag page of
a million-article archive hash-joined all of them (issue 15). A real foreign key has the article's own type, so a
tag page probes (article, tag) per story newest first, or walks (tag, article) for a rarely used tag, index only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItemBase


class ArticleTag(TaggedItemBase):
    # taggit finds the tagged object under this name; `tagged_items` is how revisions follow an article's tags.
    content_object = models.ForeignKey(
        "Article", models.CASCADE, related_name="tagged_items", db_index=False, verbose_name=_("article")
    )
    # The (tag, article) index below starts with the tag: a separate index on the tag alone would be a copy.
    tag = models.ForeignKey(
        Tag, models.CASCADE, related_name="%(app_label)s_%(class)s_items", db_index=False, verbose_name=_("tag")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [
            # An article carries a tag once; "does this story carry the tag?" is one probe of this index.
            models.UniqueConstraint(fields=["content_object", "tag"], name="article_tag_unique"),
        ]
        indexes = [
            # A tag's stories, and whether a tag has any: an index-only walk of the tag's rows.
            models.Index(fields=["tag", "content_object"], name="article_tag_tag_idx"),
        ]
