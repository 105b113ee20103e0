"""The article list's filters: the desk's state, a tag, the language by name, a section or source or none."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Article
from ..text import language_name


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
        # Named only if the user may see it: a tag only a colleague's draft carries can say what the draft is about.
        visible = workflow.tags_visible_to(request.user)
        tag = visible.filter(pk=value).first() if value and value.isdigit() else None
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


class OrNoneFilter(admin.RelatedFieldListFilter):
    """Django's filter by section or source, with its choice for stories that have none named as such (not "-")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("(none)")


class DateRangeFilter(admin.FieldListFilter):
    """A date field between two days the desk types (`?date_taken__gte=2025-11-01&date_taken__lte=2025-11-30`),
    either end open: Django's own date filter offers only "today", "past 7 days" and "this year", while the photo
    desk looks for last year's flood pictures."""

    template = "admin/articles/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.since_name, self.until_name = f"{field_path}__gte", f"{field_path}__lte"
        super().__init__(field, request, params, model, model_admin, field_path)
        # An empty date box is submitted too (as ""): that end is open. An invalid day is refused by the field,
        # which the admin answers with its "?e=1" page, as for any bad lookup.
        self.used_parameters = {name: [values[-1]] for name, values in self.used_parameters.items() if values[-1]}

    def expected_parameters(self):
        return [self.since_name, self.until_name]

    def choices(self, changelist):
        ours = self.expected_parameters()
        value = {name: values[-1] for name, values in self.used_parameters.items()}
        yield {
            "since": (self.since_name, value.get(self.since_name, "")),
            "until": (self.until_name, value.get(self.until_name, "")),
            # The list's other filters, search and order stay as they are when the dates are sent.
            "kept": [(k, v) for k, values in changelist.filter_params.items() if k not in ours for v in values],
            "selected": bool(value),
            "clear_query_string": changelist.get_query_string(remove=ours),
        }
