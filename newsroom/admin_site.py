"""The desk's admin site: Django's, with a second factor (TOTP, django-otp) for staff who have one or must.

- A staff member with a confirmed device gives its code at login; a session that has not (one that started before
  the device was confirmed) is treated as logged out of the admin, as django-otp's OTPAdminSite does.
- A member of a group in NEWSROOM_REQUIRE_2FA_FOR without a device is sent to the set-up page from every admin page
  (log out excepted) until they have confirmed one.
- Anybody else logs in with their password alone.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm


def two_factor_required(user):
    """Whether the site requires a second factor of `user` (REQUIRE_2FA_FOR names their group)."""
    groups = settings.NEWSROOM_REQUIRE_2FA_FOR
    return bool(groups) and user.is_staff and user.groups.filter(name__in=groups).exists()


def must_set_up_two_factor(user):
    return user.is_authenticated and two_factor_required(user) and not user_has_device(user)


class TwoFactorAuthenticationForm(OTPAdminAuthenticationForm):
    """The admin login: password, then the authenticator's code for an account that has a confirmed device."""

    # The device is the account's own authenticator: nobody picks one (see clean_otp).
    otp_device = None
    otp_challenge = None
    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        help_text=_("Only if two-factor authentication is on for your account: the 6 digits your app shows now."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}),
    )
    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Enter the verification code from your authenticator app."),
        "invalid_token": _("Wrong verification code. Check that your phone's clock is right and try again."),
        "device_required": _("Enter the verification code from your authenticator app."),
        "verification_not_allowed": _("Verification is paused for a moment. Try again shortly."),
        "n_failed_attempts": ngettext_lazy(
            "Verification is paused after %(failure_count)d wrong code. Try again shortly.",
            "Verification is paused after %(failure_count)d wrong codes. Try again shortly.",
            "failure_count",
        ),
    }

    def clean_otp(self, user):
        if user is None or not user_has_device(user):
            return  # no second factor on this account: the password was enough
        device = next(devices_for_user(user))
        self.cleaned_data["otp_device"] = device.persistent_id
        super().clean_otp(user)


class DescribedAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete answers, whose text a ModelAdmin may write itself (`autocomplete_text(obj)`): the photo
    library shows a photo's usage terms and licence in the list the desk picks from."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        describe = getattr(self.model_admin, "autocomplete_text", None)
        return {**result, "text": describe(obj)} if describe else result


class NewsroomAdminSite(AdminSite):
    login_form = TwoFactorAuthenticationForm

    def autocomplete_view(self, request):
        return DescribedAutocompleteJsonView.as_view(admin_site=self)(request)

    def has_permission(self, request):
        # is_verified() is OTPMiddleware's: this session gave a code. Required only of accounts that have a device.
        return super().has_permission(request) and (request.user.is_verified() or not self.has_device(request))

    @staticmethod
    def has_device(request):
        # Asked twice for every admin page (the view's guard and the page's context): one query.
        if not hasattr(request, "newsroom_has_otp_device"):
            request.newsroom_has_otp_device = user_has_device(request.user)
        return request.newsroom_has_otp_device

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)
        if view == self.logout:
            return protected

        @wraps(view)
        def inner(request, *args, **kwargs):
            if must_set_up_two_factor(request.user):
                return redirect(f"{self.name}:two_factor")
            return protected(request, *args, **kwargs)

        return inner

    def get_urls(self):
        from newsroom.two_factor import two_factor_view

        # Wrapped by AdminSite.admin_view itself: the one admin page a user who must set up 2FA can reach.
        setup = super().admin_view(two_factor_view)
        # Before Django's own, at the same address and name: the first pattern that matches answers.
        on_site = path(
            "r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"
        )
        return [path("dua-langkah/", setup, {"site": self}, name="two_factor"), on_site, *super().get_urls()]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "View on site" redirect (`r/<type>/<id>/`), for an object the user may see in this admin.

        Django's own asks only that the user is staff: any member of the desk could follow it to a colleague's
        draft's address, a rendition's file, or a preview link's own secret address."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None:  # rows shown only inside another's form (a photo line): that form links its own
            raise Http404
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):  # not an id of this model
            raise Http404 from None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        address = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
        if not address:
            raise Http404
        return HttpResponseRedirect(address)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a page in the admin's look saying when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return TemplateResponse(request, "admin/lockout.html", context, status=429).render()


class SuperusersOnly:
    """A ModelAdmin mixin: the records of logins and devices are for the site's administrators, nobody else."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a login attempt lifts its lock; deleting a device turns 2FA off for someone who lost a phone.
        return self.has_module_permission(request)


def restrict_security_admins(site):
    """Re-register the admins django-axes adds, readable (and deletable) by superusers alone; drop django-otp's.

    django-otp's device admin would show anyone's secret to a superuser, in English: a lost phone is handled by
    `manage.py reset_two_factor <username>` instead, and each staff member sets up their own device."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if site.is_registered(TOTPDevice):
        site.unregister(TOTPDevice)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        if site.is_registered(model):
            library_admin = type(site.get_model_admin(model))
            site.unregister(model)
            site.register(model, type(library_admin.__name__, (SuperusersOnly, library_admin), {}))


# Permission names are stored in English when `migrate` creates them; the admin names them in the reader's language.
_BUILT_IN_PERMISSIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def permission_label(permission):
    """ "Artikel | Dapat menerbitkan, menjadwalkan, dan menarik artikel", whatever language the row was made in."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in _BUILT_IN_PERMISSIONS and model_name == model._meta.model_name:
        name = _BUILT_IN_PERMISSIONS[action] % {"name": model._meta.verbose_name}
    else:
        name = gettext(permission.name)  # the desk's own permissions are translated msgids (Meta.permissions)
    return f"{model._meta.verbose_name if model else permission.content_type} | {name}"


class TranslatedPermissions:
    """A ModelAdmin mixin (groups, users): the permission picker lists the permissions in the admin's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in {"permissions", "user_permissions"}:
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field


def translate_permission_names(site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    for model in (Group, get_user_model()):
        if site.is_registered(model):
            library_admin = type(site.get_model_admin(model))
            site.unregister(model)
            site.register(model, type(library_admin.__name__, (TranslatedPermissions, library_admin), {}))
