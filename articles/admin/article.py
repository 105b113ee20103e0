import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from js_asset import Media
from reversion.admin import VersionAdmin

from .. import search, workflow
from ..models import Article, Note, RelatedLink, linked_articles, shown_photos
from ..revisions import register_models
from ..tagging import suggested_tags
from .agency import AgencyUpdateAdminMixin, AgencyUpdateFilter
from .authors import CreditInline
from .autosave import AutosaveAdminMixin
from .filters import LanguageFilter, OrNoneFilter, StateFilter, TagFilter
from .forms import ArticleAdminForm, TextWithLinesField
from .photos import PhotoUseInline, photo_thumbnail
from .workflow import ArticleWorkflowAdminMixin

# Before VersionAdmin sees ArticleAdmin: it would otherwise register Article itself, without the tags.
# (The admin app is ready before this one, so ArticlesConfig.ready() comes too late for that.)
register_models()

# Django marks an empty cell "-"; the columns this app fills itself say "—". One mark for both, the site's.
admin.site.empty_value_display = "—"


# Django 6 assumes https for scheme-less URLs typed into forms; opt in now so the upgrade changes nothing.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# Every textarea's text with "\n" line ends, as the importer stores it.
ADMIN_FIELDS = {**HTTPS_URLS, models.TextField: {"form_class": TextWithLinesField}}


class ArchivePaginator(Paginator):
    """The article list's pages, counted no further than COUNT_CAP: counting a million-article archive (or every
    match of a common word) cost a second on every page. Past the cap `more` is true and the list says "more
    than 10,000" (admin/articles/article/pagination.html); its last pages are not offered."""

    COUNT_CAP = 10_000

    @cached_property
    def _found(self):
        # Any COUNT_CAP + 1 rows will do for counting: without the list's order PostgreSQL stops at the first it finds.
        return self.object_list.order_by()[: self.COUNT_CAP + 1].count()

    @property
    def count(self):
        return min(self._found, self.COUNT_CAP)

    @property
    def more(self):
        return self._found > self.COUNT_CAP


class RelatedLinkForm(forms.ModelForm):
    """A "Baca juga" line: picking the linked article is enough, its headline becomes the line's title."""

    # Set by RelatedLinkInline.get_formset for the request's user.
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        title = self.fields["title"]
        title.required = False
        title.help_text = _("Left empty: the linked article's headline.")
        self.hidden_target = None
        if self.user is not None and not workflow.sees_every_article(self.user):
            # A title links only to a story this user may see; a colleague's draft links once it is saved again.
            self.instance.linkable_articles = workflow.articles_visible_to(self.user)
            self._hide_stored_target()

    def _hide_stored_target(self):
        """A line already linked (by an editor, the importer, or its title once the story was saved) to an article
        this user may not see shows no link: the form neither names that article nor tells that it exists. Saving
        the line keeps its link as long as the user leaves its title and its empty link alone."""
        stored = self.instance.target_id
        if stored is None or "target" not in self.fields or workflow.may_see(self.user, self.instance.target):
            return
        self.hidden_target = self.instance.target
        self.initial["target"] = None

    def clean(self):
        cleaned = super().clean()
        target, title = cleaned.get("target"), cleaned.get("title")
        if target is None and self.hidden_target is not None and title in ("", self.instance.title):
            cleaned["target"], cleaned["title"] = self.hidden_target, self.instance.title
        elif not title:
            if target is not None:
                cleaned["title"] = target.headline
            elif "title" not in self.errors:
                self.add_error("title", ValidationError(self.fields["title"].error_messages["required"], "required"))
        return cleaned


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    form = RelatedLinkForm
    fk_name = "article"
    extra = 0
    fields = ["order", "title", "target", "url"]
    autocomplete_fields = ["target"]
    formfield_overrides = HTTPS_URLS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            # Only what the autocomplete offers this user: a forbidden id posted by hand is an invalid choice,
            # so nobody learns a colleague's draft headline by linking to it.
            kwargs["queryset"] = workflow.articles_visible_to(request.user)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "target":
            # The autocomplete fills its column (articles/admin.css sizes the columns) instead of select2's
            # fixed 20em, which made the lines wider than a laptop's window.
            formfield.widget.attrs["data-width"] = "100%"
        return formfield

    def get_queryset(self, request):
        # Each line's form asks whether its user may see the linked story, and its "view on site" leads there: the
        # stories come with the lines, not one query a line.
        return super().get_queryset(request).select_related("target").defer(*linked_articles("target"))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A new form class per call: the user set here belongs to this request only.
        formset.form = type(formset.form.__name__, (formset.form,), {"user": request.user})
        return formset

    def view_on_site(self, link):
        # Where the line leads (the linked story, or the address outside the site); a title with neither has no
        # "view on site" link rather than one that fails.
        return link.get_absolute_url()

    # "Baca juga" lines are part of the text: whoever may not edit the article may not edit them.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_edit(request.user, obj)


class NoteInline(admin.TabularInline):
    """Internal notes: added, never rewritten or deleted (a record of what the desk said), never shown to readers."""

    model = Note
    extra = 0
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    def get_queryset(self, request):
        # Not the inline's own permission check: it asks without the article, and notes are the article's.
        # The article's page lists its notes only if has_view_permission() below allows it.
        return Note.objects.select_related("author")

    def has_view_permission(self, request, obj=None):
        # A new article has no notes yet.
        return obj is not None and workflow.can_write_note(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and workflow.can_write_note(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ArticleAdmin(AutosaveAdminMixin, AgencyUpdateAdminMixin, ArticleWorkflowAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "state_label", "section", "source", "published_at", "thumbnail"]
    list_filter = [
        StateFilter,
        AgencyUpdateFilter,
        ("section", OrNoneFilter),
        ("source", OrNoneFilter),
        LanguageFilter,
        "published_at",
        TagFilter,
    ]
    list_select_related = ["section", "source"]
    # Newest first, with stories not yet given a time (new drafts) on top, on SQLite as on PostgreSQL (where
    # NULLS FIRST is DESC's own order, so the list's index still serves).
    ordering = [F("published_at").desc(nulls_first=True), "-id"]
    # The changelist search goes through articles/search.py (see get_search_results); these serve autocomplete.
    search_fields = ["headline"]
    # At a million articles the list must not count the world: no full count beside the filtered one, a capped
    # count for the pages, and no date hierarchy (its `SELECT DISTINCT DATE_TRUNC` read every row); the
    # "publication time" filter serves instead.
    show_full_result_count = False
    paginator = ArchivePaginator
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "source"]
    inlines = [CreditInline, PhotoUseInline, RelatedLinkInline, NoteInline]
    formfield_overrides = ADMIN_FIELDS
    actions = ["submit_for_review", "publish", "schedule", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "summary", "body", "tags", "expected_version"]}),
        (_("Dateline"), {"fields": [("dateline_place", "dateline_agency")]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "announce_update", "assignee", "section", "source", "language"]},
        ),
        (
            _("Search and social media"),
            {"fields": ["seo_title", "seo_description", "social_image", "canonical_url"], "classes": ["collapse"]},
        ),
        (_("Corrections"), {"fields": ["corrections_summary"]}),
    ]
    readonly_fields = ["corrections_summary"]

    class Media:
        # Suggests the desk's existing tags as an editor types; without it the field is the plain comma list.
        # Autosave posts the form's state every ~30 s and when the tab is hidden (admin/autosave.py).
        # The rich-text editor's toolbar names its buttons in English only: editor_labels.js gives them the
        # admin's language from Django's JavaScript catalogue, as the editor's own dialogs get theirs.
        js = ["articles/tag_suggestions.js", "articles/autosave.js", "articles/editor_labels.js"]

    # django-reversion keeps the admin's change message as the revision's comment already translated ("Isi berita
    # berubah." in the English history); Django's JSON form of it is translated when shown (revision_comments.py).
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message or [{"added": {}}])
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(*shown_photos())

    def get_view_on_site_url(self, obj=None):
        # "View on site" once readers may see the story: a draft's address is a 404 (its preview shows it), a
        # withdrawn story's a 410.
        if obj is not None and not obj.is_visible:
            return None
        return super().get_view_on_site_url(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not workflow.can_assign(request.user) and "assignee" not in readonly:
            readonly.append("assignee")
        return readonly

    def save_formset(self, request, form, formset, change):
        if formset.model is not Note:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            note.author = request.user  # who wrote a note is never typed in
            note.save()
        return None

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not workflow.can_announce_update(request.user, obj):
            # Only an editor tells readers a story changed; a new story has nothing to announce.
            fieldsets = [
                (name, {**options, "fields": [field for field in options["fields"] if field != "announce_update"]})
                for name, options in fieldsets
            ]
        if obj is None or obj.status != Article.Status.PUBLISHED or not workflow.can_edit(request.user, obj):
            return fieldsets
        # A published story's address: moving it needs the tick beside it (ArticleAdminForm.clean).
        (title, options), *rest = fieldsets
        fields = list(options["fields"])
        fields.insert(fields.index("slug") + 1, "confirm_slug_change")
        return [(title, {**options, "fields": fields}), *rest]

    def render_change_form(self, request, context, *args, **kwargs):
        # The editor's import map is an inline script: it carries the response's CSP nonce (see settings).
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        article = context.get("original")
        context["can_share_preview"] = article is not None and workflow.can_share_preview(request.user, article)
        return super().render_change_form(request, context, *args, **kwargs)

    @property
    def tag_suggestions_url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_tag_suggestions"

    def get_urls(self):
        view = self.admin_site.admin_view(self.tag_suggestions_view)
        return [path("tag-suggestions/", view, name=self.tag_suggestions_url_name), *super().get_urls()]

    def tag_suggestions_view(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        # A Reporter is offered only the tags of stories they may see (their own, and published ones).
        visible = None if workflow.sees_every_article(request.user) else workflow.articles_visible_to(request.user)
        return JsonResponse({"tags": suggested_tags(request.GET.get("q", "")[:100], articles=visible)})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "tags":
            field.widget.attrs["data-suggestions"] = reverse(f"{self.admin_site.name}:{self.tag_suggestions_url_name}")
        return field

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of "Baca juga" targets is typed a letter at a time: whole-word search would find
        # nothing until the word is complete, so it keeps the substring match of `search_fields`.
        if not search_term.strip() or getattr(request.resolver_match, "url_name", None) == "autocomplete":
            return super().get_search_results(request, queryset, search_term)
        return search.matching(queryset, search_term), False

    @admin.display(description=_("photo"))
    def thumbnail(self, article):
        return photo_thumbnail(article.lead_photo)


class ArticleCountAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    formfield_overrides = HTTPS_URLS
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


class SourceAdmin(ArticleCountAdmin):
    list_display = [*ArticleCountAdmin.list_display, "website"]


class SectionAdmin(ArticleCountAdmin):
    pass
