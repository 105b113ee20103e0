"""The front page as editors arrange it: a top story, an ordered "Pilihan editor" list and a breaking-news banner.

An arrangement takes effect at its start time and stays until a later one starts; each of its parts may end
earlier (its own expiry). Nothing runs on a timer: readers' pages are cached no longer than the next start or
expiry (see `next_change`, used by articles.public.caching), so the page changes on time.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

from .base import staff_member


class FrontPageQuerySet(models.QuerySet):
    def current(self, *, at=None):
        """The arrangement readers see now (or at `at`): the latest one whose time has come, or None."""
        at = timezone.now() if at is None else at
        return self.filter(starts_at__lte=at).order_by("-starts_at", "-id").first()


BANNER_LINK_INVALID = _("Enter a web address (https://…) or an address on this site starting with “/” (/berita/…).")


def validate_banner_link(address):
    """A web address (https://...) or an address on this site (/berita/...), as an editor copies it from the
    address bar or from a story's "view on site". Anything else (javascript:, //elsewhere.example) is refused."""
    if address.startswith("/"):
        # "//host" and "/\\host" are other sites to a browser; a space or control character is no address at all.
        if address[1:2] not in {"/", "\\"} and address.isprintable() and " " not in address:
            return
        raise ValidationError(BANNER_LINK_INVALID, code="invalid")
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise ValidationError(BANNER_LINK_INVALID, code="invalid") from None


def still_on(until, at):
    return until is None or until > at


class FrontPage(models.Model):
    starts_at = models.DateTimeField(
        _("takes effect"), default=timezone.now, help_text=_("Readers see this arrangement from this time on.")
    )
    top_story = models.ForeignKey(
        "Article",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("top story"),
        help_text=_("Shown first and largest; only once it is published."),
    )
    top_story_until = models.DateTimeField(_("top story until"), null=True, blank=True)
    banner_text = models.CharField(_("breaking news"), max_length=200, blank=True)
    banner_url = models.CharField(
        _("breaking news link"),
        max_length=500,
        blank=True,
        validators=[validate_banner_link],
        help_text=_("A story on this site (/berita/…) or a web address (https://…)."),
    )
    banner_until = models.DateTimeField(_("breaking news until"), null=True, blank=True)
    created_by = staff_member(_("arranged by"), editable=False)

    objects = FrontPageQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("front page arrangement")
        verbose_name_plural = _("front page arrangements")
        indexes = [models.Index(fields=["-starts_at", "-id"], name="frontpage_starts_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(banner_text="") | Q(banner_url=""),
                name="frontpage_banner_link_has_text",
                violation_error_message=_("A breaking-news link needs its text."),
            )
        ]

    def __str__(self):
        # As the admin writes every other time, in its reader's language ("5 Des. 2026, 16.15").
        return _("Front page from %(time)s") % {"time": localize(timezone.localtime(self.starts_at))}

    def shows_top_story(self, at):
        return self.top_story is not None and self.top_story.is_visible and still_on(self.top_story_until, at)

    def shows_banner(self, at):
        return bool(self.banner_text) and still_on(self.banner_until, at)


class EditorsPick(models.Model):
    front_page = models.ForeignKey(FrontPage, models.CASCADE, related_name="picks", verbose_name=_("arrangement"))
    article = models.ForeignKey("Article", models.CASCADE, related_name="+", verbose_name=_("article"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    until = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Optional: leaves the list then."))

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("editor's pick")
        verbose_name_plural = _("editor's picks")
        constraints = [models.UniqueConstraint(fields=["front_page", "article"], name="pick_unique_article")]

    def __str__(self):
        return str(self.article)


def next_change(after):
    """The next time the front page changes by itself (an arrangement starts, a part of one expires), or None."""
    upcoming = FrontPage.objects.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=after)),
        top=Min("top_story_until", filter=Q(top_story_until__gt=after)),
        banner=Min("banner_until", filter=Q(banner_until__gt=after)),
    )
    pick = EditorsPick.objects.filter(until__gt=after).aggregate(until=Min("until"))["until"]
    return min(filter(None, [*upcoming.values(), pick]), default=None)
