"""The editors' article form: the desk's rules checked on the server, whatever the browser sent."""

from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.contrib.admin import widgets as admin_widgets
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.models import Tag

from .. import richtext, workflow
from ..models import Article, Photo
from ..tagging import normalise_tag_name
from ..text import label, language_name, visible_text


def language_choices(current=None):
    """The site's languages first, then every other two-letter language by its name in the editor's language;
    a code stored by an import that is in neither stays offered, so a save never changes it by surprise."""
    site = [code for code, _name in settings.LANGUAGES]
    others = sorted((code for code in LANG_INFO if len(code) == 2 and code not in site), key=language_name)
    codes = site + others
    if current and current not in codes:
        codes.append(current)
    return [(code, f"{language_name(code)} ({code})") for code in codes]


class TextWithLinesField(forms.CharField):
    """A textarea's text with the desk's line ends. Browsers send a textarea's lines ended by CRLF; the stored text
    has "\n", so a body nobody touched is not "changed" (history, version) and no "\r" creeps into the copy."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def https_urls(db_field, **kwargs):
    # Django 6 assumes https for scheme-less URLs typed into forms; opt in now so the upgrade changes nothing.
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ArticleAdminForm(forms.ModelForm):
    # The version the editor started from; a save over a newer one is refused (optimistic locking).
    expected_version = forms.IntegerField(label=_("Version being edited"), widget=forms.HiddenInput, required=False)
    # The rich-text editor, offering exactly what the allowlist keeps; what is posted is sanitised here as well
    # as in Article.save(), so the form's own checks and the history compare the stored form of the text.
    body = ProseEditorFormField(
        label=capfirst(Article._meta.get_field("body").verbose_name),
        widget=AdminProseEditorWidget,
        config=richtext.EDITOR_CONFIG,
        sanitize=richtext.clean,
    )

    # Shown beside the slug of a published article (ArticleAdmin.get_fieldsets): its address is known to readers
    # and search engines, so moving it takes a deliberate tick, not a stray edit.
    confirm_slug_change = forms.BooleanField(
        label=_("Change the published address"),
        required=False,
        help_text=_("The old address will redirect readers to the new one."),
    )

    # A typo fix is no news: only a save marked here shows readers "Diperbarui" with its time.
    announce_update = forms.BooleanField(
        label=_("Real update for readers"),
        required=False,
        help_text=_("Tick when this save changes the story for readers: the page then shows “Updated” with the time."),
    )

    # Set by ArticleAdmin.get_form for the request's user.
    user = None

    class Meta:
        model = Article
        formfield_callback = https_urls
        # The admin's fieldsets choose what is shown; these are what the form may ever change.
        fields = [
            "headline",
            "slug",
            "summary",
            "body",
            "tags",
            "dateline_place",
            "dateline_agency",
            "status",
            "published_at",
            "section",
            "source",
            "language",
            "assignee",
            "seo_title",
            "seo_description",
            "social_image",
            "canonical_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_status = self.instance.status if self.instance.pk else None
        self.old_published_at = self.instance.published_at if self.instance.pk else None
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "language" in self.fields:
            # A list to pick from, not a box where "ID" or "ind" could be typed.
            self.fields["language"] = forms.ChoiceField(
                label=self.fields["language"].label, choices=language_choices(self.instance.language)
            )
        status = self.fields.get("status")
        if status is not None and self.user is not None and not workflow.can_publish(self.user):
            # Offer only what the user may choose; clean() still refuses anything else posted by hand.
            status.widget.choices = [c for c in status.choices if c[0] in workflow.AUTHOR_STATUSES]
        social_image = self.fields.get("social_image")
        if social_image is not None:
            # Only a photo of this very article (with its file), never another story's picture posted by id.
            if self.instance.pk:
                social_image.queryset = Photo.objects.filter(uses__article=self.instance).exclude(image="").distinct()
            else:
                social_image.queryset = Photo.objects.none()

    def clean_headline(self):
        # What Article.save() will store: a headline of nothing but invisible characters is no headline.
        headline = visible_text(self.cleaned_data["headline"]).strip()
        if not headline:
            raise forms.ValidationError(self.fields["headline"].error_messages["required"], code="required")
        return headline

    def clean_tags(self):
        # The tag table's column: a longer name was a database error on PostgreSQL instead of this message.
        limit = Tag._meta.get_field("name").max_length
        for name in self.cleaned_data["tags"]:
            if len(name) > limit:
                raise forms.ValidationError(
                    _("A tag can be at most %(limit)d characters long; “%(tag)s” has %(length)d."),
                    code="tag_too_long",
                    params={"limit": limit, "tag": label(name, 40), "length": len(name)},
                )
        return self.cleaned_data["tags"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_version(cleaned.get("expected_version"))
        if self._moves_a_published_address() and not cleaned.get("confirm_slug_change"):
            self.add_error(
                "slug",
                forms.ValidationError(
                    _(
                        "This article is published: readers, links and search engines know its address. To move "
                        "it anyway, tick “Change the published address”; the old address will redirect."
                    ),
                    code="published_slug_change",
                ),
            )
        if "published_at" in self.fields and "published_at" not in self.changed_data:
            # The date and time boxes show whole seconds: an untouched time keeps its stored value exactly,
            # so a save of the form neither moves the publication time nor reads as a new publication.
            cleaned["published_at"] = self.old_published_at
        if self.user is not None:
            problem = workflow.check_status_change(
                self.user,
                self.instance,
                old_status=self.old_status,
                new_status=cleaned.get("status", self.old_status or Article.Status.DRAFT),
                old_published_at=self.old_published_at,
                new_published_at=cleaned.get("published_at", self.old_published_at),
            )
            if problem:
                self.add_error("status" if "status" in self.fields else None, problem)
        if cleaned.get("announce_update"):
            problem = workflow.update_notice_problem(cleaned.get("status", self.old_status))
            if problem:
                self.add_error("announce_update", problem)
            else:
                self.instance.updated_for_readers_at = timezone.now()
        if cleaned.get("status") == Article.Status.PUBLISHED and "published_at" in self.fields:
            # "Published" with no time means now; filled in before the model's constraint is checked.
            cleaned["published_at"] = cleaned.get("published_at") or timezone.now()
        return cleaned

    def _moves_a_published_address(self):
        return self.old_status == Article.Status.PUBLISHED and "slug" in self.changed_data

    def _check_version(self, expected):
        # Forms built by the admin always carry the version; a request without one has nothing to compare.
        if expected is None:
            return
        # Locks the row until the admin's transaction ends, so two saves cannot both pass this check.
        current = workflow.lock_version(self.instance.pk)
        if current is not None and current != expected:
            raise forms.ValidationError(
                _(
                    "Someone else saved this article while you were editing it (your copy is version "
                    "%(expected)s, the saved one is version %(current)s). Nothing was saved: your text is "
                    "still in the form below. Open the article in a new tab, compare, and carry your changes over."
                ),
                code="edit_conflict",
                params={"expected": expected, "current": current},
            )


class ScheduleForm(forms.Form):
    published_at = forms.SplitDateTimeField(
        label=_("Publication time (WIB)"),
        help_text=_("Jakarta time (WIB, UTC+7)."),
        widget=admin_widgets.AdminSplitDateTime,
        required=True,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Kept in the audit trail; readers see only that the article was withdrawn."),
    )


class MergeTagsForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Keep this tag"), queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = tags


class TagForm(forms.ModelForm):
    """A tag renamed in the admin: spaced and cleaned like a typed one, and never a second spelling of another."""

    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        name = normalise_tag_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"], code="required")
        if Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("The tag “%(name)s” already exists: merge the two tags instead."),
                code="duplicate_tag",
                params={"name": name},
            )
        return name
