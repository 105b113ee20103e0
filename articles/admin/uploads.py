"""A photo upload kept across a refused save.

A browser cannot put a file back into a file input: when the article form came back with an error (a missing alt
text, an edit conflict, any field), the photo chosen was gone ("No file chosen") and had to be found again. Each
valid upload is therefore stored at once under `photos/pending/`, and the form carries a signed token naming it
(for this user, for a day); the next submission without a new file takes the kept one. A successful save removes
the pending copy.
"""

import mimetypes
import posixpath
import secrets

from django import forms
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Photo

SALT = "articles.kept-upload"
MAX_AGE = 24 * 60 * 60
PENDING = "photos/pending/"


def _storage():
    return Photo._meta.get_field("image").storage


def keep(file, user):
    """Store `file` as pending and return the token that names it for `user`."""
    name = _storage().save(f"{PENDING}{secrets.token_hex(8)}/{posixpath.basename(file.name)}", file)
    file.seek(0)
    return signing.dumps({"name": name, "user": user.pk}, salt=SALT)


def _pending_name(token, user):
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    name = value.get("name") if isinstance(value, dict) else None
    if value.get("user") != user.pk or not isinstance(name, str) or not name.startswith(PENDING):
        return None
    return name if _storage().exists(name) else None


def kept(token, user):
    """The upload a token names, as a fresh upload, or None for a forged, foreign, expired or removed one."""
    name = _pending_name(token, user)
    if name is None:
        return None
    with _storage().open(name, "rb") as stored:
        content = stored.read()
    base = posixpath.basename(name)
    return SimpleUploadedFile(base, content, content_type=mimetypes.guess_type(base)[0] or "application/octet-stream")


def forget(token, user):
    name = _pending_name(token, user)
    if name is not None:
        _storage().delete(name)


class KeptUploadInput(forms.HiddenInput):
    """The token, and the kept file's name where "No file chosen" would otherwise mislead."""

    is_hidden = True  # until the form keeps a file: then its line says which (PhotoAdminForm.show_kept_upload)

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        if not value:
            return hidden
        try:
            kept_name = posixpath.basename(signing.loads(value, salt=SALT, max_age=MAX_AGE)["name"])
        except (signing.BadSignature, KeyError, TypeError):
            return hidden
        return format_html('{}<span class="kept-upload">{}</span>', hidden, _("Kept: %(name)s") % {"name": kept_name})


class PhotoAdminForm(forms.ModelForm):
    kept_upload = forms.CharField(label=_("Uploaded file"), required=False, widget=KeptUploadInput)

    def __init__(self, *args, uploader=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploader = uploader
        self.kept_token = None
        if not self.is_bound or uploader is None:
            return
        token = self.data.get(self.add_prefix("kept_upload"))
        if token and not self.files.get(self.add_prefix("image")):
            file = kept(token, uploader)
            if file is not None:
                self.files = self.files.copy()
                self.files[self.add_prefix("image")] = file
                self.kept_token = token
                self.show_kept_upload()

    def show_kept_upload(self):
        """Give the kept file its labelled line; with nothing kept the line would be a label beside nothing."""
        self.fields["kept_upload"].widget.is_hidden = False

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile) and self.uploader is not None:
            if self.kept_token is None:
                self.kept_token = keep(image, self.uploader)
            # Rendered again if the save is refused: the next submission takes the file from the token.
            self.data = self.data.copy()
            self.data[self.add_prefix("kept_upload")] = self.kept_token
            self.show_kept_upload()
        return image

    def save(self, commit=True):
        photo = super().save(commit=commit)
        if commit and self.kept_token is not None:
            forget(self.kept_token, self.uploader)
        return photo
