"""The article: its text and its state in the desk's workflow. `Article.is_visible` is the Python twin of the one
rule of what readers may see, `ArticleQuerySet.published()` (querysets.py)."""

import uuid
from operator import attrgetter

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .. import richtext
from ..text import normalise_key, visible_text
from .base import SLUG_MAX_LENGTH, staff_member
from .links import RelatedLink, SlugRedirect, reserved_slugs
from .querysets import ArticleManager

# The order of a story's photos, credits and "Baca juga" lines, as the desk set it.
DESK_ORDER = attrgetter("order", "pk")

iso_639_1 = RegexValidator(r"^[a-z]{2}$", _("Use a two-letter ISO 639-1 code, e.g. “id” or “en”."))


def unique_slug(model, text, *, exclude_pk=None, max_length=SLUG_MAX_LENGTH):
    """A slug made from `text` that no other row of `model` uses: "judul", "judul-2", "judul-3"..."""
    base = slugify(visible_text(text))[:max_length].strip("-") or "artikel"
    taken = set(model.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    if model is Article:
        # An article's old address stays its own (see Article.validate_unique): never give it to another story.
        taken |= set(reserved_slugs(exclude_pk).filter(old_slug__startswith=base).values_list("old_slug", flat=True))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


def readable_subjects(model, article_filter):
    """The tags, sections or sources (`model`, reached from an article by `article_filter`) readers may open: those of
    at least one `published()` article. Any other has no page, feed or sitemap entry, not even its name."""
    return model.objects.filter(Exists(Article.objects.published().filter(**{article_filter: OuterRef("pk")})))


def readable_subject(model, article_filter, slug):
    """The tag, section or source of `slug` if readers may open it (as in readable_subjects()), else None.

    Two short statements, the row and then one published story about it: with the subject's id a constant, the
    planner tells a tag on 40% of the archive (walk the newest stories, probe each) from a rare one (start from its
    few taggings). The correlated EXISTS of readable_subjects() gets one plan for any tag, and for the top tag of a
    million-article archive that plan read all its 400,000 index entries."""
    subject = model.objects.filter(slug=slug).first()
    return subject if subject is not None and has_readable_story(article_filter, subject) else None


def has_readable_story(article_filter, subject):
    """Whether a `published()` article is about `subject` (reached from an article by `article_filter`)."""
    return Article.objects.published().filter(**{article_filter: subject}).exists()


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class State(models.TextChoices):
        """What the desk sees: the stored status, with "published" split by whether its time has come."""

        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Waiting for review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    headline = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        help_text=_("The article's address. Made from the headline; keep it once the article is published."),
    )
    language = models.CharField(
        _("language"), max_length=2, default="id", validators=[iso_639_1], help_text=_("ISO 639-1 code.")
    )
    dateline_place = models.CharField(_("dateline place"), max_length=100, blank=True)
    dateline_agency = models.CharField(_("dateline agency"), max_length=100, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Optional. The first paragraph is used when empty.")
    )
    # Sanitised HTML (articles/richtext.py): paragraphs, subheadings, bold, italic, links, lists and quotes.
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Readers see the article once it is published and this time has come."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    authors = models.ManyToManyField(
        "Author", through="Credit", related_name="articles", blank=True, verbose_name=_("authors")
    )
    # Set only when an editor marks a save as news for readers ("Diperbarui"), never by a typo fix: `updated_at`
    # is every save's time, for caches and crawlers.
    updated_for_readers_at = models.DateTimeField(_("update time shown to readers"), null=True, blank=True)
    # The time of the story's latest correction (None: never corrected), kept by whatever adds corrections
    # (workflow.add_correction, the importer): the article page asks for corrections only when there are some.
    corrected_at = models.DateTimeField(_("last corrected"), null=True, blank=True, editable=False)
    seo_title = models.CharField(
        _("search title"),
        max_length=110,
        blank=True,
        help_text=_("Optional. The page title in search results; the headline when empty."),
    )
    seo_description = models.CharField(
        _("search description"),
        max_length=300,
        blank=True,
        help_text=_("Optional. The description in search results and link previews; the summary when empty."),
    )
    social_image = models.ForeignKey(
        "Photo",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("social image"),
        help_text=_("Optional. One of this article's photos for link previews; the first photo when empty."),
    )
    canonical_url = models.URLField(
        _("canonical URL"),
        blank=True,
        max_length=500,
        help_text=_("Only for republished agency copy: the address of the original story."),
    )
    section = models.ForeignKey(
        "Section", models.SET_NULL, null=True, blank=True, related_name="articles", verbose_name=_("section")
    )
    source = models.ForeignKey(
        "Source", models.PROTECT, null=True, blank=True, related_name="articles", verbose_name=_("source")
    )
    created_by = staff_member(_("created by"), editable=False)
    # Who on the desk is to work on the story next (the dashboard's "Assigned to me"); internal, never published.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_articles",
        verbose_name=_("assigned to"),
        limit_choices_to={"is_staff": True, "is_active": True},
    )
    # The article's identity outside this database (the ninjs `uri`): unlike the slug or the id it
    # survives edits, a renamed slug and an export to another database.
    uid = models.UUIDField(_("permanent id"), default=uuid.uuid4, unique=True, editable=False)
    # Derived from the headline so related links can find this article with an indexed equality lookup.
    headline_key = models.CharField(max_length=255, editable=False)
    # Set by the importer: the same copy arriving twice must not become two articles.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Set by the importer: a newer version of the same story (same headline and dateline) updates this row.
    story_key = models.CharField(max_length=64, blank=True, editable=False)
    # Set by the importer: where the stored agency copy stands in the story's order of versions (its version
    # number, when the copy states one, and its time), so an older version never replaces it.
    agency_version = models.PositiveIntegerField(_("agency version"), null=True, blank=True, editable=False)
    agency_time = models.DateTimeField(_("agency version time"), null=True, blank=True, editable=False)
    # PostgreSQL keeps this current with triggers (headline, summary, body and tag names; see
    # articles/search.py and migrations 0002 and 0009); it stays empty on SQLite, where search reads the text
    # itself. The tag names weigh C, so that a change of tags keeps the text's part without stemming it again.
    search_document = SearchVectorField(null=True, editable=False)

    # Counts every save; the admin form carries it to refuse a save made over someone else's (optimistic locking),
    # and the ninjs export publishes it as the story's version.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Through the desk's own table, keyed by the article (see ArticleTag); `tagged_items` is its reverse relation.
    tags = TaggableManager(_("tags"), through="ArticleTag", blank=True, help_text=_("Comma-separated keywords."))

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # Readers' lists in their order (published() newest first, ties by id): a page is a short index walk,
            # whether it is the first or a thousand pages back (see articles/public/pagination.py).
            models.Index(fields=["status", "-published_at", "-id"], name="article_published_order_idx"),
            models.Index(fields=["section", "status", "-published_at", "-id"], name="article_section_order_idx"),
            models.Index(fields=["source", "status", "-published_at", "-id"], name="article_source_order_idx"),
            # The sitemap index's latest change: the newest edit is one step down this index.
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            # The admin list's order, whatever the state: its page is an index walk, not a sort of every row.
            models.Index(fields=["-published_at", "-id"], name="article_pub_id_idx"),
            # "Is this story readable?" asked of one article by id, answered from the index alone (PostgreSQL): the
            # tag sitemap asks it of each tag's first story, 20,000 times a request in a large archive.
            models.Index(fields=["id"], include=["status", "published_at"], name="article_readable_probe_idx"),
            # The importer's and the "Baca juga" links' exact look-ups. Plain indexes: `db_index=True` on a text
            # column also gave PostgreSQL a pattern index for LIKE, which nothing asks and every insert paid for.
            # A title links to the oldest story with its headline: the first entry for the headline in this index.
            # On the headline alone, PostgreSQL without statistics yet (a new database) walked every article in id
            # order looking for it, once per waiting title: an import's batches took 15 s each at 70,000 stories.
            models.Index(fields=["headline_key", "id"], name="article_headline_key_id_idx"),
            models.Index(fields=["story_key"], name="article_story_key_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"], condition=~Q(fingerprint=""), name="article_unique_fingerprint"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
        ]
        permissions = [
            ("publish_article", _("Can publish, schedule and withdraw articles")),
            ("change_photos_of_any_article", _("Can edit the photos, captions and credits of any article")),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Invisible and direction-changing characters would make a second story of the same one, or turn
        # the rest of a page title around: the stored headline and dateline have none.
        self.headline = visible_text(self.headline)
        self.dateline_place = visible_text(self.dateline_place)
        self.dateline_agency = visible_text(self.dateline_agency)
        self.headline_key = normalise_key(self.headline)[:255]
        # Whoever saves (the editor's form, a restore, the importer's updates, a script): only the allowlist stays.
        self.body = richtext.clean(self.body)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # Read from the database, not the instance: a restored revision or a stale copy must still count up.
        before = None
        if self.pk is not None:
            before = Article.objects.filter(pk=self.pk).values("version", "slug", "status").first()
        if before is not None:
            self.version = before["version"] + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        if before is not None and before["slug"] != self.slug:
            self._remember_old_slug(before["slug"], was_published=before["status"] == self.Status.PUBLISHED)
        # A "Baca juga" title written before this article existed links to it from now on.
        RelatedLink.objects.link_waiting([self.headline_key])

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("articles:preview", kwargs={"slug": self.slug})

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if exclude and "slug" in exclude:
            return
        if self.slug and reserved_slugs(self.pk).filter(old_slug=self.slug).exists():
            # Taking another story's old address would end its redirect and serve this story there instead.
            message = _("This address belonged to another article and still leads to it; choose another.")
            raise ValidationError({"slug": ValidationError(message, code="reserved_slug")})

    def _remember_old_slug(self, old_slug, *, was_published):
        # Taking back an earlier address makes that address an article again, not a redirect. Only its own:
        # another article's old address is reserved for it (validate_unique, unique_slug).
        SlugRedirect.objects.filter(old_slug=self.slug, article=self).delete()
        if was_published:
            # Readers and search engines know a published address: it keeps answering, with a 301.
            SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})

    @property
    def state(self):
        if self.status == self.Status.PUBLISHED and self.published_at and self.published_at > timezone.now():
            return self.State.SCHEDULED
        return self.State(self.status)

    def get_state_display(self):
        return self.State(self.state).label

    @property
    def paragraphs(self):
        """The text of each block of the body (paragraph, subheading, list item), without markup."""
        return richtext.text_blocks(self.body)

    @property
    def body_text(self):
        """The body as plain text, blocks separated by a blank line (search, JSON-LD, ninjs `body_text`)."""
        return richtext.plain_text(self.body)

    @property
    def body_html(self):
        """The body's sanitised HTML (sanitised again: a row written around save() is no exception)."""
        return mark_safe(richtext.clean(self.body))

    @property
    def body_with_dateline(self):
        """The body as readers see it on the page and in feeds: the dateline opens the first paragraph."""
        body = self.body_html
        if not self.dateline_place:
            return body
        agency = format_html(" ({})", self.dateline_agency) if self.dateline_agency else ""
        dateline = format_html('<span class="dateline">{}{}</span> - ', self.dateline_place, agency)
        return mark_safe(richtext.with_dateline(body, dateline))

    @property
    def lede(self):
        return self.summary or richtext.first_text_block(self.body)

    # The story's own rows as loaded (prefetched on every page, unordered: see querysets.py), in the desk's order.
    # Kept for the instance's life, as the prefetched rows they come from are: a page reads each several times.

    @cached_property
    def photo_uses(self):
        """The story's photos in order, each with its caption and library photo."""
        return sorted(self.photos.all(), key=DESK_ORDER)

    @property
    def lead_photo(self):
        # The first of the photos as loaded, not a query of its own per article.
        uses = self.photo_uses
        return uses[0] if uses else None

    @cached_property
    def read_also(self):
        """The "Baca juga" lines in order."""
        return sorted(self.related_links.all(), key=DESK_ORDER)

    @property
    def social_photo(self):
        """The photo link previews show: the editor's choice among the story's photos (with its file), else the lead
        photo. Found among the photos as loaded, so it costs no query of its own."""
        chosen = [use for use in self.photo_uses if use.photo_id == self.social_image_id and use.image]
        return chosen[0] if chosen else self.lead_photo

    @property
    def modified_at(self):
        """When readers' copy last changed: a story scheduled ahead changes for readers when it goes out."""
        if self.published_at is None:
            return self.updated_at
        return max(self.updated_at, self.published_at)

    @property
    def date_modified(self):
        """When readers were told the story changed ("Diperbarui"), else its publication time: what the page,
        JSON-LD, feeds and the news sitemap all give as the story's modification time."""
        if self.updated_for_readers_at and self.published_at and self.updated_for_readers_at > self.published_at:
            return self.updated_for_readers_at
        return self.published_at

    def mark_corrected(self, when):
        """A correction published at `when` was stored: `corrected_at` is the latest one's time."""
        if self.corrected_at is None or when > self.corrected_at:
            self.corrected_at = when

    @property
    def shown_corrections(self):
        """The corrections readers see under the story, oldest first; no query for a story never corrected."""
        return self.corrections.all() if self.corrected_at else ()

    @cached_property
    def tag_list(self):
        """The story's tags in the order they were put on it (loaded with the story by `for_detail()`,
        `for_ninjs()` and `with_tags()`)."""
        return [item.tag for item in sorted(self.tagged_items.all(), key=attrgetter("pk"))]

    @cached_property
    def byline(self):
        """The story's credits in order, each with its author (prefetched by `for_detail()` and `for_ninjs()`)."""
        return sorted(self.credits.all(), key=DESK_ORDER)

    @property
    def byline_by_role(self):
        """The byline as the page reads it: [(role label, [author, ...]), ...], roles in order of first mention."""
        groups = {}
        for credit in self.byline:
            groups.setdefault(credit.get_role_display(), []).append(credit.author)
        return list(groups.items())

    @property
    def shows_update(self):
        """Readers are told the story was updated ("Diperbarui") after it went out."""
        return self.date_modified != self.published_at

    @property
    def is_visible(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )
