"""Setting up two-factor authentication: a staff member adds a TOTP authenticator to their own account.

The page shows the otpauth:// QR code (and the key, for typing in) of an unconfirmed device, and confirms it with
a first code from the app: only then does the device count, at login and for REQUIRE_2FA_FOR.
"""

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:  # django-otp's throttle: each wrong code doubles the wait before the next try
            raise forms.ValidationError(_("Verification is paused for a moment. Try again shortly."))
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("Wrong code. Check that your phone's clock is right and try again."))
        return token


def qr_code_data_uri(text):
    """`text` as a QR code in an SVG data: URI (an <img>, so the page needs no inline SVG or style)."""
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def spaced_key(device):
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def two_factor_view(request, site):
    user = request.user
    context = {**site.each_context(request), "title": _("Two-factor authentication")}
    if user_has_device(user):
        return TemplateResponse(request, "admin/two_factor.html", {**context, "active": True})
    # One pending device per person: reloading the page keeps the QR code already scanned.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )
    form = ConfirmDeviceForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)  # this session has just given a code
        messages.success(request, _("Two-factor authentication is on: from now on the admin asks for a code."))
        return redirect(f"{site.name}:index")
    context |= {"form": form, "qr_code": qr_code_data_uri(device.config_url), "key": spaced_key(device)}
    return TemplateResponse(request, "admin/two_factor.html", context)
