"""The readers' forms: search, with its filters read from the query string."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Section

PERIODS = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}
# Dates a reader may type, with room on both sides: the first and last day a date field holds (0001-01-01,
# 9999-12-31) overflowed once moved to UTC or a day on, and answered 500.
DATE_RANGE = [MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2999, 12, 31))]


class DateInput(forms.DateInput):
    # Browsers send and expect ISO dates from <input type="date">, whatever the site's language.
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SearchForm(forms.Form):
    """The readers' search: words, plus optional section and publication date filters (all from GET)."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=200, widget=forms.SearchInput)
    section = forms.ModelChoiceField(
        Section.objects.all(), to_field_name="slug", required=False, label=_("Section"), empty_label=_("All sections")
    )
    period = forms.ChoiceField(
        label=_("Published"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("day", _("In the past day")),
            ("week", _("In the past week")),
            ("month", _("In the past month")),
        ],
    )
    since = forms.DateField(label=_("From date"), required=False, widget=DateInput, validators=DATE_RANGE)
    until = forms.DateField(label=_("To date"), required=False, widget=DateInput, validators=DATE_RANGE)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def filters(self, *, now=None):
        """Keyword arguments for `search_articles`: dates are whole days in the site's time zone."""
        data = self.cleaned_data
        now = now or timezone.now()
        since = start_of_day(data["since"]) if data.get("since") else None
        if data.get("period"):
            recent = now - PERIODS[data["period"]]
            since = max(since, recent) if since else recent
        until = start_of_day(data["until"] + timedelta(days=1)) if data.get("until") else None
        return {"section": data.get("section"), "since": since, "until": until}


def start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))
