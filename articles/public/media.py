"""Serving photo files: renditions to anybody, an original only to those who may see its article.

Originals live under guessable names (`photos/YYYY/MM/<upload name>`) and exist before their article
is published, so the web server never serves them: `/media/asli/<photo id>/` (`photo_original`) does,
for everybody once a story readers see uses the photo and before that only for the staff who use the
photo library. Renditions (`renditions.RENDITIONS_PREFIX`) have names nobody can guess (a keyed hash), and are
what pages link to; in production the web server serves that prefix alone (docs/media-serving.md).

With DEBUG on, `debug_urlpatterns()` stands in for that web server and serves the same things: the
renditions' prefix as files, an original's media address through the same check, nothing else.
"""

import posixpath
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils.cache import patch_cache_control
from django.views import static
from django.views.decorators.http import require_safe
from PIL import Image, UnidentifiedImageError

from .. import workflow
from ..models import Photo
from ..renditions import RENDITIONS_PREFIX

# The formats an upload may have (articles.photos), as served. Anything else in storage is never sent.
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# A published original may sit in a shared cache for a while; after a withdrawal it goes within minutes.
PUBLIC_MAX_AGE = 300
# What a file in the bucket is served as, by the extension the upload's check gave it (articles.photos.file_name_for).
EXTENSION_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


@require_safe
def photo_original(request, pk):
    photo = get_object_or_404(Photo, pk=pk)
    return original_response(request, photo)


def original_response(request, photo):
    """The photo's original file, or 404 for anybody who may not see it yet."""
    if not photo.image or not workflow.can_see_original(request.user, photo):
        raise Http404
    storage = photo.image.storage
    shown = workflow.shown_to_readers(photo)
    # A bucket (newsroom.storage.MediaStorage) hands out a short-lived signed address instead. Asked of the storage,
    # not by importing that class: it loads boto3, some 30 MiB in every worker of a site that keeps media on disk.
    if hasattr(storage, "signed_url") and not shown:
        return signed_redirect(photo, storage)
    try:
        file = photo.image.storage.open(photo.image.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = _content_type(file)
    if content_type is None:
        file.close()
        raise Http404
    response = FileResponse(file, content_type=content_type, filename=posixpath.basename(photo.image.name))
    response["X-Robots-Tag"] = "noindex"
    if shown:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        # A draft's picture, fetched by staff: kept by no cache, shared or not.
        patch_cache_control(response, private=True, no_store=True)
    return response


def signed_redirect(photo, storage):
    """Staff get a draft's original straight from the bucket: a signed address valid for minutes, given to them alone.

    The type comes from the extension, which the upload's check set from the file's real format (articles.photos).
    """
    extension = posixpath.splitext(photo.image.name)[1].lower()
    content_type = EXTENSION_TYPES.get(extension)
    if content_type is None:
        raise Http404
    response = HttpResponseRedirect(storage.signed_url(photo.image.name, content_type=content_type))
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_store=True)
    return response


def _content_type(file):
    """The file's real image type from its header (not its name), or None when it is no photo format."""
    try:
        with Image.open(file) as image:
            image_format = image.format
    except (UnidentifiedImageError, OSError):
        return None
    finally:
        file.seek(0)
    return CONTENT_TYPES.get(image_format)


@require_safe
def debug_media(request, path):
    # Normalised first, so that "renditions/../2023/11/x.jpg" is judged as the original it names.
    name = posixpath.normpath(path).lstrip("/")
    if name.startswith(RENDITIONS_PREFIX):
        return static.serve(request, name, document_root=settings.MEDIA_ROOT)
    photo = Photo.objects.filter(image=name).first()
    if photo is None:
        raise Http404
    return original_response(request, photo)


def debug_urlpatterns():
    """Media under MEDIA_URL for the development server (like Django's `static()`, which served all of it)."""
    prefix = settings.MEDIA_URL
    if not settings.DEBUG or not prefix or urlsplit(prefix).netloc:
        return []
    return [re_path(rf"^{re.escape(prefix.lstrip('/'))}(?P<path>.*)$", debug_media)]
