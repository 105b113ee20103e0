"""Which pages a change shows on: every model a readers' page displays reports its changes to `pages_changed`.

Writes that send no signals report themselves: the importer's bulk_create (articles.importing.saver) and the tag merge's
queryset update (articles.tagging). The workflow's moves (articles.workflow) are saves of the article and of its
corrections, and arrive here. See articles.public.surrogate_keys for what each key names.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from ..models import (
    Article,
    ArticleTag,
    Author,
    Correction,
    Credit,
    EditorsPick,
    FrontPage,
    Photo,
    PhotoRendition,
    PhotoUse,
    RelatedLink,
    Section,
    SlugRedirect,
    Source,
)
from .purging import pages_changed
from .surrogate_keys import ARCHIVE, CORRECTIONS, FRONT_PAGE, LIST, MENU, article_key, list_key, name_key

# A change to any of these moves a story onto or off list pages (home, its tag, section and source pages).
LISTING_FIELDS = ("status", "published_at", "section_id", "source_id")
LISTING_NAMES = {"status", "published_at", "section", "section_id", "source", "source_id"}


def _listing(values):
    return dict(zip(LISTING_FIELDS, values, strict=True))


def change_keys(article, *, listings=()):
    """A story's own pages and the pages linking to it; with `listings` (its states before and after a change
    that moved it on or off lists), also the lists it was or is on."""
    keys = {article_key(article.pk), ARCHIVE}
    # Stories whose "Baca juga" links to it, or names it and will link to it from now on (RelatedLink.link_waiting).
    linking = RelatedLink.objects.filter(Q(target=article.pk) | Q(title_key=article.headline_key))
    keys.update(article_key(pk) for pk in linking.values_list("article_id", flat=True))
    if listings:
        keys.update({LIST, CORRECTIONS})
        for listing in listings:
            if listing["section_id"]:
                keys.add(f"list-section-{listing['section_id']}")
            if listing["source_id"]:
                keys.add(f"list-source-{listing['source_id']}")
        keys.update(f"list-tag-{pk}" for pk in article.tags.values_list("pk", flat=True))
        keys.update(f"list-author-{pk}" for pk in article.credits.values_list("author_id", flat=True))
    return keys


def stories_added(articles, tagged_items, credits=()):
    """For writers that bypass signals (the importer's bulk_create): the new stories' pages and lists."""
    keys = {LIST, CORRECTIONS, ARCHIVE}
    for article in articles:
        keys.add(article_key(article.pk))
        if article.section_id:
            keys.add(f"list-section-{article.section_id}")
        if article.source_id:
            keys.add(f"list-source-{article.source_id}")
    keys.update(f"list-tag-{item.tag_id}" for item in tagged_items)
    keys.update(f"list-author-{credit.author_id}" for credit in credits)
    linking = RelatedLink.objects.filter(target__in=[article.pk for article in articles])
    keys.update(article_key(pk) for pk in linking.values_list("article_id", flat=True))
    pages_changed(keys)


# Articles -----------------------------------------------------------------------------------------------------


@receiver(pre_save, sender=Article, dispatch_uid="pages_article_listing_before")
def remember_listing(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and not LISTING_NAMES & set(update_fields)):
        return
    stored = Article.objects.filter(pk=instance.pk).values_list(*LISTING_FIELDS).first()
    instance.listing_before = _listing(stored) if stored else None


@receiver(post_save, sender=Article, dispatch_uid="pages_article_saved")
def article_saved(sender, instance, created, **kwargs):
    before = instance.__dict__.pop("listing_before", None)
    after = _listing([getattr(instance, field) for field in LISTING_FIELDS])
    if created or (before is not None and before != after):
        pages_changed(change_keys(instance, listings=[after, before] if before else [after]))
    else:
        pages_changed(change_keys(instance))


@receiver(post_delete, sender=Article, dispatch_uid="pages_article_deleted")
def article_deleted(sender, instance, **kwargs):
    pages_changed(change_keys(instance, listings=[_listing([getattr(instance, f) for f in LISTING_FIELDS])]))


@receiver(m2m_changed, sender=ArticleTag, dispatch_uid="pages_article_tags_changed")
def article_tags_changed(sender, instance, action, pk_set, **kwargs):
    # A clear names no tags, so read them before it.
    if action == "pre_clear":
        pk_set = set(instance.tags.values_list("pk", flat=True))
    elif action not in {"post_add", "post_remove"}:
        return
    if pk_set:
        pages_changed({article_key(instance.pk), ARCHIVE} | {f"list-tag-{pk}" for pk in pk_set})


@receiver(post_save, sender=ArticleTag, dispatch_uid="pages_tagged_item_saved")
@receiver(post_delete, sender=ArticleTag, dispatch_uid="pages_tagged_item_deleted")
def tagged_item_changed(sender, instance, **kwargs):
    pages_changed({f"list-tag-{instance.tag_id}", ARCHIVE, article_key(instance.content_object_id)})


# What a story shows -------------------------------------------------------------------------------------------


@receiver(post_save, sender=PhotoUse, dispatch_uid="pages_photo_saved")
@receiver(post_delete, sender=PhotoUse, dispatch_uid="pages_photo_deleted")
@receiver(post_save, sender=RelatedLink, dispatch_uid="pages_link_saved")
@receiver(post_delete, sender=RelatedLink, dispatch_uid="pages_link_deleted")
@receiver(post_save, sender=SlugRedirect, dispatch_uid="pages_redirect_saved")
@receiver(post_delete, sender=SlugRedirect, dispatch_uid="pages_redirect_deleted")
def part_changed(sender, instance, **kwargs):
    pages_changed({article_key(instance.article_id), ARCHIVE})


def library_photo_shown(photo_id):
    """A library photo (its file, caption, credit or a rendition) changed: every story that uses it shows it."""
    article_ids = PhotoUse.objects.filter(photo_id=photo_id).values_list("article_id", flat=True)
    keys = {article_key(article_id) for article_id in article_ids}
    if keys:
        pages_changed(keys | {ARCHIVE})


@receiver(post_save, sender=Photo, dispatch_uid="pages_library_photo_saved")
def library_photo_changed(sender, instance, **kwargs):
    library_photo_shown(instance.pk)


@receiver(post_save, sender=PhotoRendition, dispatch_uid="pages_rendition_saved")
@receiver(post_delete, sender=PhotoRendition, dispatch_uid="pages_rendition_deleted")
def rendition_changed(sender, instance, **kwargs):
    library_photo_shown(instance.photo_id)


@receiver(post_save, sender=Credit, dispatch_uid="pages_credit_saved")
@receiver(post_delete, sender=Credit, dispatch_uid="pages_credit_deleted")
def credit_changed(sender, instance, **kwargs):
    # The byline on the story's page, and the author's list of stories.
    pages_changed({article_key(instance.article_id), f"list-author-{instance.author_id}", ARCHIVE})


@receiver(post_save, sender=Correction, dispatch_uid="pages_correction_saved")
@receiver(post_delete, sender=Correction, dispatch_uid="pages_correction_deleted")
def correction_changed(sender, instance, **kwargs):
    pages_changed({article_key(instance.article_id), CORRECTIONS, ARCHIVE})


@receiver(post_save, sender=Tag, dispatch_uid="pages_tag_saved")
@receiver(post_delete, sender=Tag, dispatch_uid="pages_tag_deleted")
@receiver(post_save, sender=Author, dispatch_uid="pages_author_saved")
@receiver(post_delete, sender=Author, dispatch_uid="pages_author_deleted")
@receiver(post_save, sender=Source, dispatch_uid="pages_source_saved")
@receiver(post_delete, sender=Source, dispatch_uid="pages_source_deleted")
def name_changed(sender, instance, **kwargs):
    pages_changed({name_key(instance), list_key(instance), ARCHIVE})


@receiver(post_save, sender=Section, dispatch_uid="pages_section_saved")
@receiver(post_delete, sender=Section, dispatch_uid="pages_section_deleted")
def section_changed(sender, instance, **kwargs):
    # Every page's menu names the sections.
    pages_changed({name_key(instance), list_key(instance), MENU, ARCHIVE})


@receiver(post_save, sender=FrontPage, dispatch_uid="pages_front_page_saved")
@receiver(post_delete, sender=FrontPage, dispatch_uid="pages_front_page_deleted")
@receiver(post_save, sender=EditorsPick, dispatch_uid="pages_pick_saved")
@receiver(post_delete, sender=EditorsPick, dispatch_uid="pages_pick_deleted")
def front_page_changed(sender, instance, **kwargs):
    # A new arrangement may also start later: the generation it starts also ends at its start (caching.py).
    pages_changed({FRONT_PAGE})
