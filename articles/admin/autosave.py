"""Autosave in the article form: the form's state posted every ~30 s and when the tab is hidden
(static/articles/autosave.js), offered back on the next visit when it is newer than the saved article.

An autosave is its author's alone and never touches the article: no publication, no version, no history. Saving
the form (or "Discard") ends it; "Restore" opens the form filled from it, and saving that is an ordinary save,
checked against the version the editor started from like any other.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .. import workflow
from ..dates import wib
from ..models import Autosave
from ..models.autosaves import AUTOSAVED_FIELDS

RESTORE_PARAMETER = "pulihkan"
# Longer than any story the desk has run: what is posted beyond it is not a form's state.
MAX_FIELD_CHARS = 500_000


class AutosaveAdminMixin:
    def _autosave_url_name(self, action):
        return f"{self.opts.app_label}_{self.opts.model_name}_{action}"

    def _autosave_url(self, action, article):
        if article is None:
            return reverse(f"admin:{self._autosave_url_name(action + '_new')}")
        return reverse(f"admin:{self._autosave_url_name(action)}", args=[article.pk])

    def get_urls(self):
        save = self.admin_site.admin_view(self.autosave_view)
        discard = self.admin_site.admin_view(self.discard_autosave_view)
        return [
            path("autosave/", save, name=self._autosave_url_name("autosave_new")),
            path("autosave/buang/", discard, name=self._autosave_url_name("discard_autosave_new")),
            path("<path:object_id>/autosave/", save, name=self._autosave_url_name("autosave")),
            path("<path:object_id>/autosave/buang/", discard, name=self._autosave_url_name("discard_autosave")),
            *super().get_urls(),
        ]

    def _autosaved_article(self, request, object_id):
        """The article (None for a new one) whose autosave `request.user` may keep; 404 otherwise."""
        article = None
        if object_id is not None:
            # The admin's own lookup: an id that is no id (letters, a quote) is a 404, not an error.
            article = self.get_object(request, unquote(object_id))
            if article is None:
                raise Http404
        if not workflow.can_autosave(request.user, article):
            raise PermissionDenied
        return article

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._autosaved_article(request, object_id)
        data = {name: request.POST.get(name, "")[:MAX_FIELD_CHARS] for name in AUTOSAVED_FIELDS if name in request.POST}
        autosave, _created = Autosave.objects.update_or_create(
            user=request.user, article=article, defaults={"data": data}
        )
        return JsonResponse({"message": _("Autosaved %(time)s") % {"time": wib(autosave.saved_at)}})

    def discard_autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._autosaved_article(request, object_id)
        Autosave.objects.filter(user=request.user, article=article).delete()
        if article is None:
            return HttpResponseRedirect(reverse(f"admin:{self._autosave_url_name('add')}"))
        return HttpResponseRedirect(reverse(f"admin:{self._autosave_url_name('change')}", args=[article.pk]))

    def autosave_for(self, request, article):
        """The user's autosave of `article` (None: of a new article) if it is newer than the stored article."""
        autosave = Autosave.objects.filter(user=request.user, article=article).first()
        if autosave is None or (article is not None and autosave.saved_at <= article.updated_at):
            return None
        return autosave

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.method != "GET" or RESTORE_PARAMETER not in request.GET:
            return form
        autosave = self.autosave_for(request, obj)
        if autosave is None:
            return form
        restored = {name: value for name, value in autosave.data.items() if name in AUTOSAVED_FIELDS}

        def __init__(self, *args, **kwargs):
            kwargs["initial"] = {**kwargs.get("initial", {}), **restored}
            form.__init__(self, *args, **kwargs)

        return type(form.__name__, (form,), {"__init__": __init__})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if workflow.can_autosave(request.user, obj):
            context["autosave_url"] = self._autosave_url("autosave", obj)
            context["autosave_fields"] = list(AUTOSAVED_FIELDS)
            offer = self.autosave_for(request, obj)
            if offer is not None and RESTORE_PARAMETER not in request.GET:
                context["autosave_offer"] = offer
                context["autosave_discard_url"] = self._autosave_url("discard_autosave", obj)
            context["autosave_restored"] = offer is not None and RESTORE_PARAMETER in request.GET
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved for real: the autosave of this form has served (a new article's, too).
        Autosave.objects.filter(user=request.user, article=obj if change else None).delete()
