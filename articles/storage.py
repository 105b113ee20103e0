"""Where uploads and their renditions live: Django's file system storage, with a quicker `url()`.

A photo's <picture> names ten renditions and its JSON-LD one more; Django's `url()` quotes the name and runs
`urljoin` for each, which costs more than the rest of the line in the template. For a plain relative path (no
empty, "." or ".." segments: every name the storage itself hands out) joining it to the media URL is appending,
and quoting a name of letters, digits and "-_./" leaves it as it is; so those are done directly. Anything else
still goes through Django's own `url()`.
"""

import string
from urllib.parse import urljoin

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject, empty

# The characters that Django's filepath_to_uri (urllib's quote) passes through unchanged, and no others.
_PLAIN_CHARACTERS = string.ascii_letters + string.digits + "-_./"


class MediaStorage(FileSystemStorage):
    _appending_base = None  # the base URL that joining was last checked against, and whether it appends

    def url(self, name):
        # Quoting leaves a name of plain characters as it is (strip() leaves nothing only when all of them are).
        path = name if name and not name.strip(_PLAIN_CHARACTERS) else filepath_to_uri(name)
        if path is not None and self._joins_by_appending():
            path = path.lstrip("/")
            segments = path.split("/")
            if not ("." in segments or ".." in segments or "" in segments[:-1]):
                return self.base_url + path
        return super().url(name)

    def _joins_by_appending(self):
        # base_url follows the settings (tests change MEDIA_URL), so the check follows base_url.
        base_url = self.base_url
        if base_url is None:
            return False
        if self._appending_base is None or self._appending_base[0] != base_url:
            self._appending_base = (base_url, urljoin(base_url, "a/b") == f"{base_url}a/b")
        return self._appending_base[1]


def stored_file_url(instance, field_name):
    """`getattr(instance, field_name).url`, without the FieldFile that reading the attribute builds (on a page with
    ten renditions, building them costs more than naming them)."""
    name = instance.__dict__.get(field_name)
    if not name or not isinstance(name, str):
        return getattr(instance, field_name).url  # a FieldFile already, or no file: Django's answer and errors
    storage = instance._meta.get_field(field_name).storage
    if isinstance(storage, LazyObject):
        # default_storage: each attribute read through the proxy costs a failed lookup first. The storage behind
        # it is replaced when the STORAGES setting changes (tests), so it is looked up on every call.
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    return storage.url(name)
