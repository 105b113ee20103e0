"""Who may do what: every check the admin, its actions, previews, history and the API ask before acting.

Staff can be hostile too: each of these is asked on the server for the object at hand, never only in a template.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from taggit.models import Tag

from ..models import Article, ArticleTag, Correction, Photo, PhotoUse, PreviewLink

# A reporter keeps working on their own story until an editor publishes it.
AUTHOR_EDITABLE = {Article.Status.DRAFT, Article.Status.REVIEW}
# What a user without the publish permission may put in the status field.
AUTHOR_STATUSES = AUTHOR_EDITABLE


def can_announce_update(user, article):
    """May tell readers a published story was updated ("Diperbarui"): an editor, on a story already saved."""
    return article is not None and article.pk is not None and can_publish(user) and can_edit(user, article)


def can_publish(user):
    """Publish, schedule, withdraw, and edit anyone's article: the editor's permission."""
    return user.is_active and user.has_perm("articles.publish_article")


def can_edit(user, article=None):
    """May change the article's text and settings. Without `article`: may edit some article."""
    if not (user.is_active and user.has_perm("articles.change_article")):
        return False
    if article is None or article.pk is None or can_publish(user):
        return True
    # Their own story, or one an editor assigned to them, until an editor publishes it.
    return user.pk in {article.created_by_id, article.assignee_id} and article.status in AUTHOR_EDITABLE


def can_edit_photos(user, article=None):
    """May change the photos, captions and credits of the article (a photo editor: of any article)."""
    if not (user.is_active and user.has_perm("articles.change_photo")):
        return False
    return user.has_perm("articles.change_photos_of_any_article") or can_edit(user, article)


def can_delete(user, article=None):
    if not (user.is_active and user.has_perm("articles.delete_article")):
        return False
    if article is None or can_publish(user):
        return True
    # A reporter may throw away a draft of their own, nothing an editor has seen.
    return article.created_by_id == user.pk and article.status == Article.Status.DRAFT


def can_curate(user):
    """Arrange the front page (top story, editor's picks, breaking news): the editors who publish."""
    return can_publish(user)


def can_manage_authors(user):
    """Add authors and edit their pages (name, portrait, bio, account): the editors who publish."""
    return can_publish(user)


def can_assign(user):
    """Give a story to someone on the desk to work on next: the editors who publish."""
    return can_publish(user)


def can_write_note(user, article):
    """Internal notes are for everyone on the desk who may see the story in the admin."""
    return user.is_active and user.is_staff and may_see(user, article)


def can_delete_several(user):
    """May delete a selection of articles from the list at once: only who may delete any article. A reporter's
    selection is refused as soon as it holds a story not their own draft, so they are not offered the action."""
    return can_publish(user) and can_delete(user)


def can_correct(user):
    return user.is_active and user.has_perm("articles.add_correction")


# Editors (who publish) and the photo desk work on everybody's stories.
EVERY_STORY_PERMISSIONS = ("publish_article", "change_photos_of_any_article")


def sees_every_article(user):
    """Editors and photo editors work on everybody's stories, so the admin shows them every article."""
    return user.is_active and any(user.has_perm(f"articles.{codename}") for codename in EVERY_STORY_PERMISSIONS)


def articles_visible_to(user, queryset=None):
    """The articles `user` may see in the admin: the changelist, the forms, the "Baca juga" targets and
    their autocomplete. A reporter sees their own copy and, of the others' work, what readers see
    (`published()`): never a colleague's draft, story in review or embargoed headline."""
    queryset = Article.objects.all() if queryset is None else queryset
    if sees_every_article(user):
        return queryset
    return queryset.filter(Q(created_by=user) | Q(assignee=user)) | queryset.published()


def may_see(user, article):
    """The Python twin of `articles_visible_to` for one article already loaded."""
    return sees_every_article(user) or user.pk in {article.created_by_id, article.assignee_id} or article.is_visible


def can_preview(user, article):
    return user.is_active and user.is_staff and (can_edit(user, article) or can_edit_photos(user, article))


def can_autosave(user, article=None):
    """May keep an autosave of the article form: whoever may edit the article (without `article`: write a new one).
    An autosave changes nothing of the article, so this is all it asks."""
    if article is None:
        return user.is_active and user.has_perm("articles.add_article")
    return can_edit(user, article)


def can_share_preview(user, article=None):
    """May give someone without an account a preview link to the article, and revoke it: whoever may edit its text.
    The photo desk previews any draft to place its pictures; handing a draft's words outside is not theirs to do.
    A withdrawn story is readable nowhere, a link to it included. Without `article`: may share some article's
    preview (the admin's list of links)."""
    if article is not None and article.status == Article.Status.WITHDRAWN:
        return False
    return user.is_active and user.is_staff and can_edit(user, article)


def preview_links_visible_to(user, queryset=None):
    """The preview links `user` sees in the admin: an editor, every one; a reporter, those of their own stories."""
    queryset = PreviewLink.objects.all() if queryset is None else queryset
    if sees_every_article(user):
        return queryset
    return queryset.filter(article__created_by=user)


def corrections_visible_to(user, queryset=None):
    """The corrections `user` sees in the admin: those on articles they may see (`articles_visible_to`). An
    embargoed story's clarification names the story and says what it is about."""
    queryset = Correction.objects.all() if queryset is None else queryset
    if sees_every_article(user):
        return queryset
    return queryset.filter(article__in=articles_visible_to(user))


def tags_visible_to(user, queryset=None):
    """The tags `user` sees in the admin's tag list: those of stories they may see (what the article form suggests
    them) and those no story carries yet. A tag only a colleague's draft carries can name what the draft is about."""
    queryset = Tag.objects.all() if queryset is None else queryset
    if sees_every_article(user):
        return queryset
    taggings = ArticleTag.objects.filter(tag=OuterRef("pk"))
    seen = taggings.filter(content_object__in=articles_visible_to(user))
    return queryset.filter(~Exists(taggings) | Exists(seen))


def desk_wide_accounts():
    """The accounts that work on every story (editors, the photo desk, superusers), as a subquery of ids: the
    query twin of `sees_every_article`."""
    granted = Permission.objects.filter(content_type__app_label="articles", codename__in=EVERY_STORY_PERMISSIONS)
    every_story = Q(is_superuser=True) | Q(groups__permissions__in=granted) | Q(user_permissions__in=granted)
    return get_user_model().objects.filter(every_story).values("pk")


def photos_visible_to(user, queryset=None):
    """The library photos `user` sees in the admin (the library, the article form's photo search): the photo desk
    and editors, all; anyone else, all but the pictures a colleague uploaded for stories they may not see. What the
    photo desk, an editor or an agency put in the library is the desk's to use; a reporter's picture for their
    draft or an embargoed story is that story's until readers see it."""
    queryset = Photo.objects.all() if queryset is None else queryset
    if sees_every_article(user):
        return queryset
    uses = PhotoUse.objects.filter(photo=OuterRef("pk"))
    seen = uses.filter(article__in=articles_visible_to(user))
    shared = Q(uploaded_by__isnull=True) | Q(uploaded_by=user) | Q(uploaded_by__in=desk_wide_accounts())
    return queryset.filter(shared | ~Exists(uses) | Exists(seen))


def can_change_library_photo(user, photo=None):
    """May change a library photo (its file, caption, credit, focal point, rights) or delete it: the photo desk and
    editors, any photo; anyone else, a photo they uploaded (or that came with agency copy, no file yet) that only
    stories they may still edit show. Changing a library photo changes every story that shows it."""
    if not (user.is_active and user.has_perm("articles.change_photo")):
        return False
    if photo is None or photo.pk is None or sees_every_article(user):
        return True
    if photo.uploaded_by_id not in (None, user.pk):
        return False
    return all(can_edit(user, use.article) for use in photo.uses.select_related("article"))


def can_delete_library_photo(user, photo=None):
    return user.is_active and user.has_perm("articles.delete_photo") and can_change_library_photo(user, photo)


def shown_to_readers(photo):
    """Whether a story readers may see uses this library photo."""
    return Article.objects.published().filter(photos__photo=photo).exists()


def can_see_original(user, photo):
    """May fetch a library photo's original: anybody once a story readers see shows it; before that its uploader,
    the photo desk (who work on every story's photos) and whoever may preview a story that uses it."""
    if shown_to_readers(photo):
        return True
    if not (user.is_active and user.is_staff):
        return False
    if photo.uploaded_by_id == user.pk or user.has_perm("articles.change_photos_of_any_article"):
        return True
    return any(can_preview(user, use.article) for use in photo.uses.select_related("article"))


def require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def check_status_change(user, article, *, old_status, new_status, old_published_at, new_published_at):
    """Why `user` may not make this change in an edit form, or None. Used by the admin form's `clean()`."""
    if can_publish(user) or (new_status == old_status and new_published_at == old_published_at):
        return None
    if new_status not in AUTHOR_STATUSES:
        return _("Only an editor can publish, schedule or withdraw an article; submit it for review instead.")
    if old_status is not None and old_status not in AUTHOR_EDITABLE:
        return _("Only an editor can change a published article.")
    if new_published_at != old_published_at:
        return _("Only an editor can set the publication time.")
    return None
