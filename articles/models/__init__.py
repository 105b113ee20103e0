"""The desk's models, one module each by what they are about; imported here so `articles.models` names them all."""

from .agency import AgencyUpdate
from .article import Article, has_readable_story, iso_639_1, readable_subject, readable_subjects, unique_slug
from .authors import Author, Credit, Role, authors_named, credits_for
from .autosaves import Autosave
from .base import SLUG_MAX_LENGTH, staff_member
from .frontpage import EditorsPick, FrontPage
from .links import RelatedLink, SlugRedirect, reserved_slugs
from .listings import Section, Source, in_menu_order
from .notes import Note
from .photos import Photo, PhotoRendition, PhotoUse, shown_photos
from .previews import PreviewLink
from .querysets import SEARCH_COLUMNS, ArticleQuerySet, linked_articles
from .records import AuditEntry, Correction
from .tags import ArticleTag

__all__ = [
    "AgencyUpdate",
    "SEARCH_COLUMNS",
    "SLUG_MAX_LENGTH",
    "Article",
    "ArticleQuerySet",
    "ArticleTag",
    "AuditEntry",
    "Author",
    "Autosave",
    "Correction",
    "Credit",
    "EditorsPick",
    "FrontPage",
    "Note",
    "Photo",
    "PhotoRendition",
    "PhotoUse",
    "PreviewLink",
    "RelatedLink",
    "Role",
    "Section",
    "SlugRedirect",
    "Source",
    "authors_named",
    "credits_for",
    "has_readable_story",
    "in_menu_order",
    "iso_639_1",
    "linked_articles",
    "readable_subject",
    "readable_subjects",
    "reserved_slugs",
    "shown_photos",
    "staff_member",
    "unique_slug",
]
