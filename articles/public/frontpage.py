"""What the home page shows above the newest stories: the arrangement editors made (articles.models.frontpage),
as far as readers may see it now: published stories only, parts past their expiry left out."""

from dataclasses import dataclass, field

from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from ..models import Article, EditorsPick, FrontPage, linked_articles, shown_photos


@dataclass
class Arrangement:
    top_story: Article | None = None
    picks: list = field(default_factory=list)  # articles, in the editors' order
    banner_text: str = ""
    banner_url: str = ""

    @property
    def stories(self):
        return ([self.top_story] if self.top_story else []) + self.picks


def current_arrangement(at=None):
    """The front page's curated parts now, in a fixed number of queries (none of them when nothing is arranged)."""
    at = timezone.now() if at is None else at
    front_page = (
        FrontPage.objects.select_related("top_story__section", "top_story__source")
        .defer(*linked_articles("top_story"))
        .current(at=at)
    )
    if front_page is None:
        return Arrangement()
    picks = (
        EditorsPick.objects.filter(front_page=front_page, article__in=Article.objects.published(at=at))
        .filter(Q(until__isnull=True) | Q(until__gt=at))
        .select_related("article__section", "article__source")
        .defer(*linked_articles("article"))
    )
    arrangement = Arrangement(
        top_story=front_page.top_story if front_page.shows_top_story(at) else None,
        picks=[pick.article for pick in picks],
    )
    if front_page.shows_banner(at):
        arrangement.banner_text, arrangement.banner_url = front_page.banner_text, front_page.banner_url
    if arrangement.top_story in arrangement.picks:
        arrangement.picks.remove(arrangement.top_story)
    prefetch_related_objects(arrangement.stories, *shown_photos())
    return arrangement
