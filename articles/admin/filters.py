"""The article list's filters: the desk's state, a tag, the language by name, a section or source or none."""

from django.conf import settings
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from ..models import Article


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        if self.value() in Article.State.values:
            return queryset.in_state(self.value())
        return queryset


class TagFilter(admin.SimpleListFilter):
    """The articles of one tag, reached from the tag's form (`TagAdmin.articles`). Listing every tag of the archive
    as choices would be thousands of lines: only the chosen one is shown, so it can be seen and cleared."""

    title = _("tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        value = self.value()
        tag = Tag.objects.filter(pk=value).first() if value and value.isdigit() else None
        return [(str(tag.pk), tag.name)] if tag else []

    def queryset(self, request, queryset):
        return queryset.filter(tags__id=self.value()) if self.value() else queryset


class LanguageFilter(admin.SimpleListFilter):
    """The languages the desk's stories are in, by name ("Bahasa Indonesia", "English"): Django's shows codes."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        # The site's languages, not `SELECT DISTINCT language` over the whole archive (192 ms at a million
        # stories). A story in another language is still found by its code in the address (?language=ms).
        return [(code, language_name(code)) for code, _name in sorted(settings.LANGUAGES)]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


def language_name(code):
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


class OrNoneFilter(admin.RelatedFieldListFilter):
    """Django's filter by section or source, with its choice for stories that have none named as such (not "-")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("(none)")
