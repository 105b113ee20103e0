"""Where uploads and their renditions live: Django's file system storage, with a quicker `url()`.

A photo's <picture> names ten renditions and its JSON-LD one more; Django's `url()` runs `urljoin` for each, which
costs more than the rest of the line in the template. For a plain relative path (no empty, "." or ".." segments:
every name the storage itself hands out) joining it to the media URL is appending, so that is done directly;
anything else still goes through Django's own `url()`.
"""

from urllib.parse import urljoin

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri


class MediaStorage(FileSystemStorage):
    _appending_base = None  # the base URL that joining was last checked against, and whether it appends

    def url(self, name):
        path = filepath_to_uri(name)
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
