"""Keep `Article.updated_at` the time readers' copy last changed.

An article page, its feed entries and its sitemap entry show the photos, "Baca juga" links, byline and tags too,
and those are saved as their own rows. Touching the article when they change lets Last-Modified,
dateModified and sitemap lastmod tell the truth.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Article, Credit, Photo, PhotoUse, RelatedLink


def touch_article(article_id):
    Article.objects.filter(pk=article_id).update(updated_at=timezone.now())


@receiver(post_save, sender=Credit, dispatch_uid="touch_article_credit_saved")
@receiver(post_save, sender=PhotoUse, dispatch_uid="touch_article_photo_saved")
@receiver(post_save, sender=RelatedLink, dispatch_uid="touch_article_link_saved")
def part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_article(instance.article_id)


@receiver(post_delete, sender=Credit, dispatch_uid="touch_article_credit_deleted")
@receiver(post_delete, sender=PhotoUse, dispatch_uid="touch_article_photo_deleted")
@receiver(post_delete, sender=RelatedLink, dispatch_uid="touch_article_link_deleted")
def part_deleted(sender, instance, **kwargs):
    touch_article(instance.article_id)


@receiver(post_save, sender=Photo, dispatch_uid="touch_articles_library_photo_saved")
def library_photo_saved(sender, instance, raw=False, **kwargs):
    # A library photo's caption, credit or file shows in every story that uses it.
    if not raw:
        Article.objects.filter(photos__photo=instance).update(updated_at=timezone.now())


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="touch_article_tags_changed")
def tags_changed(sender, instance, action, pk_set, **kwargs):
    # taggit's through model is shared by every taggable model and sends no-op adds too.
    if isinstance(instance, Article) and (action == "post_clear" or (action in {"post_add", "post_remove"} and pk_set)):
        touch_article(instance.pk)
