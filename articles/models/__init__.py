"""The desk's models, one module each by what they are about; imported here so `articles.models` names them all."""

from .article import (
    SEARCH_COLUMNS,
    Article,
    ArticleQuerySet,
    iso_639_1,
    linked_articles,
    readable_subjects,
    unique_slug,
)
from .base import SLUG_MAX_LENGTH, staff_member
from .links import RelatedLink, SlugRedirect, reserved_slugs
from .listings import Section, Source, in_menu_order
from .photos import Photo, PhotoRendition, PhotoUse, shown_photos
from .records import AuditEntry, Correction

__all__ = [
    "SEARCH_COLUMNS",
    "SLUG_MAX_LENGTH",
    "Article",
    "ArticleQuerySet",
    "AuditEntry",
    "Correction",
    "Photo",
    "PhotoRendition",
    "PhotoUse",
    "RelatedLink",
    "Section",
    "SlugRedirect",
    "Source",
    "in_menu_order",
    "iso_639_1",
    "linked_articles",
    "readable_subjects",
    "reserved_slugs",
    "shown_photos",
    "staff_member",
    "unique_slug",
]
