"""Tags in the admin: taggit's, with merging and the desk's clean-up of names."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin

from .. import workflow
from ..models import ArticleTag
from ..tagging import merge_tags
from .filters import TagFilter
from .forms import MergeTagsForm, TagForm


class TagAdmin(TaggitTagAdmin):
    form = TagForm
    actions = ["merge_selected_tags"]
    # taggit's form showed one inline row per tagged article: 31.9 s for a tag of 5,051 articles. A count and a
    # link to the article list filtered by the tag (TagFilter) instead.
    inlines = []
    readonly_fields = ["articles"]

    def get_queryset(self, request):
        return workflow.tags_visible_to(request.user, super().get_queryset(request))

    @admin.display(description=_("articles"))
    def articles(self, tag):
        if tag.pk is None:
            return self.admin_site.empty_value_display
        # The tag's own rows, counted on the (tag, article) index alone: every row is an article's (its foreign key
        # cascades), so no article needs reading, even for a tag on 400,000 of them.
        count = ArticleTag.objects.filter(tag=tag).count()
        url = reverse(f"{self.admin_site.name}:articles_article_changelist")
        label = ngettext("%(count)s article", "%(count)s articles", count) % {"count": localize(count)}
        return format_html('<a href="{}?{}">{}</a>', url, urlencode({TagFilter.parameter_name: tag.pk}), label)

    @admin.action(description=_("Merge selected tags into one"), permissions=["change"])
    def merge_selected_tags(self, request, queryset):
        tags = queryset.order_by("name")
        form = MergeTagsForm(request.POST if request.POST.get("confirm") == "yes" else None, tags=tags)
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target"]
            merged = merge_tags(target, list(tags))
            self.message_user(
                request,
                ngettext("%(count)d tag merged into “%(name)s”.", "%(count)d tags merged into “%(name)s”.", merged)
                % {"count": merged, "name": target.name},
                messages.SUCCESS,
            )
            return None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "question": _("Everything tagged with the selected tags will carry the one you keep; the others go."),
            "articles": [],
            "tags": tags,
            "action": "merge_selected_tags",
            "form": form,
            "button": _("Merge"),
            "selected": list(queryset.values_list("pk", flat=True)),
            "opts": opts,
            "app_label": opts.app_label,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/article/workflow_confirmation.html", context)
