"""Resized copies of a photo (renditions), made once through Django's storage API and reused.

Each rendition is a row (photo, width, format) pointing at a file in the photo's storage, so pages
build `srcset` from prefetched rows and never ask the storage whether a file exists. Renditions are
made by the background worker (articles.tasks) once the upload's transaction commits; the upload
request resizes nothing, and readers' pages only read them.
"""

import io
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from PIL import Image, ImageOps

from .crops import ORIGINAL, SLUGS, SQUARE, crop_box, crop_widths, planned
from .photos import oriented_size

WEBP, JPEG = "webp", "jpeg"
# WebP for every current browser; JPEG for the <img> fallback, e-mail, feeds and the admin.
FORMATS = (WEBP, JPEG)
PIL_FORMATS = {WEBP: "WEBP", JPEG: "JPEG"}
EXTENSIONS = {WEBP: "webp", JPEG: "jpg"}
MIME_TYPES = {WEBP: "image/webp", JPEG: "image/jpeg"}
BACKGROUND = (255, 255, 255)


def planned_widths(source_width):
    """Rendition widths of the original's own shape for an original `source_width` pixels wide: never upscaled."""
    return sorted({min(width, source_width) for width in crop_widths()[ORIGINAL] if width > 0})


# Renditions have a folder of their own, the only one the web server serves (articles.public.media).
RENDITIONS_PREFIX = "photos/renditions/"


def rendition_name(photo, width, image_format, crop=ORIGINAL):
    """A name nobody can guess, so a draft's renditions cannot be found before its article is published.

    It is keyed with the site's secret: an agency photo's own hash is known to every subscriber of the agency.
    From the content hash (and, for a cut, the focal point), a replaced photo or a moved focal point gets new
    URLs that caches have not seen.
    """
    source = photo.file_hash or photo.image.name
    if crop != ORIGINAL:
        source = f"{source}:{crop}:{photo.focal_x:.4f},{photo.focal_y:.4f}"
    key = salted_hmac("articles.renditions.rendition_name", source).hexdigest()[:20]
    shape = "" if crop == ORIGINAL else f"{SLUGS[crop]}-"
    return f"{RENDITIONS_PREFIX}{photo.pk}/{key}-{shape}{width}w.{EXTENSIONS[image_format]}"


def ensure_renditions(photo):
    """Make the renditions `photo` lacks (all of them after an upload); return the rows created.

    The original is decoded once, at the smallest JPEG draft scale that still covers the largest
    rendition, and each shape is cut around the focal point and resized from it.
    """
    if not photo.image:
        return []
    existing = {(r.crop, r.width, r.format) for r in photo.renditions.all()}
    storage = photo.image.storage
    focus = (photo.focal_x, photo.focal_y)
    with storage.open(photo.image.name, "rb") as file, Image.open(file) as original:
        width, height = oriented_size(original)
        plan = {(crop, w): h for crop, w, h in planned(width, height, focus)}
        wanted = [(crop, w, f) for crop, w in plan for f in FORMATS if (crop, w, f) not in existing]
        if not wanted:
            return []
        # The draft must keep enough pixels for the sharpest cut: a rendition's width over its box's width.
        scale = max(w / _box_width(width, height, crop, focus) for crop, w, _ in wanted)
        raw_width, raw_height = original.size
        original.draft("RGB", (max(1, round(raw_width * scale)), max(1, round(raw_height * scale))))
        icc_profile = original.info.get("icc_profile")
        picture = ImageOps.exif_transpose(flatten_palette(original))
    created = []
    for crop in sorted({crop for crop, _, _ in wanted}):
        # Each width is resized once for both formats, and from the next larger one of its shape: a 4000 px
        # original is read once per shape, not once per rendition.
        source, box = picture, crop_box(picture.width, picture.height, crop, focus)
        for target_width in sorted({w for c, w, _ in wanted if c == crop}, reverse=True):
            target = (target_width, plan[crop, target_width])
            resized = source.resize(target, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
            source, box = resized, None
            for image_format in [f for c, w, f in wanted if (c, w) == (crop, target_width)]:
                rendition = _store(photo, resized, crop, image_format, icc_profile)
                if rendition is not None:
                    created.append(rendition)
    return created


def _store(photo, image, crop, image_format, icc_profile):
    storage = photo.image.storage
    content = encode(image, image_format, icc_profile=icc_profile)
    name = storage.save(rendition_name(photo, image.width, image_format, crop), ContentFile(content))
    try:
        with transaction.atomic():
            return photo.renditions.create(
                crop=crop, width=image.width, height=image.height, format=image_format, file=name, bytes=len(content)
            )
    except IntegrityError:
        # Another process made the same rendition meanwhile: keep theirs, drop this copy.
        storage.delete(name)
        return None


def _box_width(width, height, crop, focus):
    left, _top, right, _bottom = crop_box(width, height, crop, focus)
    return right - left


def flatten_palette(image):
    """Palette and odd modes to RGB(A), keeping transparency, so resizing can use LANCZOS."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode in ("RGB", "RGBA"):
        return image
    return image.convert("RGBA" if has_alpha else "RGB")


def encode(image, image_format, *, icc_profile=None):
    quality = settings.NEWSROOM_PHOTO_QUALITY[image_format]
    if image_format == JPEG and image.mode != "RGB":
        # JPEG has no transparency: lay transparent pixels on white, as a page would show them.
        background = Image.new("RGB", image.size, BACKGROUND)
        if image.mode == "RGBA":
            background.paste(image, mask=image.getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
    options = {"quality": quality}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if image_format == JPEG:
        options.update(optimize=True, progressive=True)
    else:
        options.update(method=4)
    buffer = io.BytesIO()
    # No EXIF is written: a camera's GPS position and serial number stay out of readers' copies.
    image.save(buffer, PIL_FORMATS[image_format], **options)
    return buffer.getvalue()


def enqueue_renditions_after_commit(photo_pk):
    """Ask the worker for a photo's renditions once the transaction that stored its original has committed.

    Until the worker has made them, pages show the original (downscaled by the browser): see `picture_for`.
    """
    from .tasks import make_renditions  # the task module imports the models, which import this one

    transaction.on_commit(partial(make_renditions.enqueue, photo_pk), robust=True)


def delete_file_after_commit(storage, name):
    """Remove a stored file once the deletion of its row is final (a rollback keeps both)."""
    if name:
        transaction.on_commit(partial(storage.delete, name), robust=True)


@dataclass(frozen=True)
class Picture:
    """What a <picture> element needs: the fallback <img> and each format's srcset."""

    src: str
    width: int
    height: int
    srcset: str = ""
    webp_srcset: str = ""


def srcset(renditions):
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


def picture_for(photo, *, crop=ORIGINAL, max_width=None, src_width=640):
    """A Picture of one shape built from the photo's prefetched renditions, or from the original when the worker has
    not made them yet (the browser downscales it meanwhile)."""
    if not photo or not photo.image:
        return None
    renditions = sorted((r for r in photo.renditions.all() if r.crop == crop), key=lambda r: r.width)
    if max_width and renditions:
        within = [r for r in renditions if r.width <= max_width]
        # When every rendition is wider than asked (small max_width), the smallest ones still serve.
        renditions = within or [r for r in renditions if r.width == renditions[0].width]
    jpegs = [r for r in renditions if r.format == JPEG]
    webps = [r for r in renditions if r.format == WEBP]
    if not jpegs:
        return Picture(src=photo.image.url, width=photo.width or 0, height=photo.height or 0)
    fallback = next((r for r in jpegs if r.width >= src_width), jpegs[-1])
    return Picture(
        src=fallback.url,
        width=fallback.width,
        height=fallback.height,
        srcset=srcset(jpegs),
        webp_srcset=srcset(webps),
    )


def image_for(photo, *, width, crop=ORIGINAL):
    """One image, no srcsets (link previews, JSON-LD, thumbnails): the narrowest JPEG rendition of the shape at least
    `width` wide, else the widest, else the original."""
    if not photo or not photo.image:
        return None
    jpegs = sorted((r for r in photo.renditions.all() if r.format == JPEG and r.crop == crop), key=lambda r: r.width)
    if not jpegs:
        return Picture(src=photo.image.url, width=photo.width or 0, height=photo.height or 0)
    chosen = next((r for r in jpegs if r.width >= width), jpegs[-1])
    return Picture(src=chosen.url, width=chosen.width, height=chosen.height)


def thumbnail_for(photo):
    """The smallest square JPEG rendition (the admin thumbnail), else the original."""
    return image_for(photo, width=0, crop=SQUARE)
