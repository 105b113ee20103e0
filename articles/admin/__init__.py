"""The editors' admin, registered here in one place (Django's autodiscover imports this package).

article.py: the article form with its "Baca juga" lines and notes, and sources and sections; photos.py: the photo
library and the article's photos; authors.py: bylines and authors; workflow.py: the desk's actions, history and
diffs (restore.py: restoring revisions); filters.py, records.py (corrections, audit trail, old addresses),
frontpage.py (the front page's arrangement), previews.py (preview links for people without an account), agency.py
(held agency updates), autosave.py, tags.py, forms.py, dashboard.py (the desk's "Meja redaksi").
"""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from ..models import (
    Article,
    AuditEntry,
    Author,
    Correction,
    FrontPage,
    Photo,
    PreviewLink,
    Section,
    SlugRedirect,
    Source,
)
from .article import ArticleAdmin, SectionAdmin, SourceAdmin
from .authors import AuthorAdmin
from .frontpage import FrontPageAdmin
from .photos import PhotoAdmin
from .previews import PreviewLinkAdmin
from .records import AuditEntryAdmin, CorrectionAdmin, SlugRedirectAdmin
from .tags import TagAdmin

admin.site.register(Article, ArticleAdmin)
admin.site.register(Photo, PhotoAdmin)
admin.site.register(Source, SourceAdmin)
admin.site.register(Section, SectionAdmin)
admin.site.register(Author, AuthorAdmin)
admin.site.register(FrontPage, FrontPageAdmin)
admin.site.register(Correction, CorrectionAdmin)
admin.site.register(AuditEntry, AuditEntryAdmin)
admin.site.register(SlugRedirect, SlugRedirectAdmin)
admin.site.register(PreviewLink, PreviewLinkAdmin)
# taggit registers its own TagAdmin; the desk's adds merging and the clean-up of names.
admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
# The rendition queue is the worker's business (its log and `systemctl status`), not a page of the desk's admin.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
