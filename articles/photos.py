"""Photo files: what an upload must be, and what an agency photo says about itself.

Pure functions on file objects and Pillow images; nothing here touches the database or storage.
"""

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, IptcImagePlugin, UnidentifiedImageError

# Pillow's format name -> the extension a stored file of that format gets.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}

# EXIF Orientation values 5-8 rotate the picture a quarter turn: width and height swap on screen.
QUARTER_TURNS = {5, 6, 7, 8}

CHUNK_SIZE = 64 * 1024


@dataclass(frozen=True)
class PhotoMetadata:
    """Caption and credit lines as an agency embeds them (IPTC IIM, XMP or EXIF)."""

    caption: str = ""
    credit: str = ""
    byline: str = ""
    copyright: str = ""

    def merged_with(self, other):
        """Each field from `self`, or from `other` where `self` has nothing."""
        return PhotoMetadata(
            **{name: getattr(self, name) or getattr(other, name) for name in PhotoMetadata.__dataclass_fields__}
        )

    @property
    def credit_line(self):
        """The newsroom's credit: "REUTERS/Stoyan Nenov" from credit + byline, else whichever exists."""
        credit, byline = self.credit, self.byline
        if credit and byline and byline.casefold() not in credit.casefold():
            return f"{credit}/{byline}"
        return credit or byline or self.copyright.removeprefix("©").strip()


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int
    sha256: str
    metadata: PhotoMetadata = field(default_factory=PhotoMetadata)

    @property
    def extension(self):
        return EXTENSIONS.get(self.format, self.format.lower())


def allowed_formats():
    return tuple(settings.NEWSROOM_PHOTO_FORMATS)


def sha256_of(file):
    """The hex SHA-256 of a file's content, read in chunks; the file is rewound afterwards."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(CHUNK_SIZE), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def oriented_size(image):
    """(width, height) as a reader sees the picture once its EXIF orientation is applied."""
    width, height = image.size
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    except Exception:  # noqa: BLE001 - a damaged EXIF block must not make a valid picture unusable
        orientation = None
    return (height, width) if orientation in QUARTER_TURNS else (width, height)


def inspect_upload(file):
    """Check an uploaded photo and describe it, or raise ValidationError saying what is wrong.

    The limits come from settings (NEWSROOM_PHOTO_MAX_BYTES, _MAX_WIDTH, _MAX_HEIGHT, _MAX_PIXELS,
    _FORMATS). Dimensions are checked from the header before any pixel is decoded, then the whole
    image is decoded once so a truncated or corrupt file is refused here rather than when its
    renditions are made.
    """
    max_bytes = settings.NEWSROOM_PHOTO_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; photos may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    formats = allowed_formats()
    readable = ", ".join(EXTENSIONS.get(name, name.lower()).upper() for name in formats)
    file.seek(0)
    try:
        # Pillow warns above Image.MAX_IMAGE_PIXELS and raises above twice that: both are refusals here.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=formats) as image:
                width, height = image.size
                check_dimensions(width, height)
                metadata = read_metadata(image)
                image_format = image.format
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("This image has too many pixels to be processed safely."), code="decompression_bomb"
        ) from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(
            _("Upload a photo in one of these formats: %(formats)s. This file is not one of them."),
            code="invalid_format",
            params={"formats": readable},
        ) from exc
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow reports damaged data with many exception types
        raise ValidationError(
            _("The image file is damaged or incomplete. Export it again and upload the new file."),
            code="corrupt_image",
        ) from exc
    finally:
        file.seek(0)
    return ImageInfo(format=image_format, width=width, height=height, sha256=sha256_of(file), metadata=metadata)


def describe(file):
    """Hash and embedded metadata of a file already accepted (or saved without a form), never raising.

    Used when a photo is saved without going through `inspect_upload`, e.g. by an import.
    """
    metadata = PhotoMetadata()
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file, formats=allowed_formats()) as image:
                image_format, (width, height) = image.format, image.size
                metadata = read_metadata(image)
    except Exception:  # noqa: BLE001 - not an image: it simply has no metadata to offer
        image_format, width, height = "", 0, 0
    finally:
        file.seek(0)
    return ImageInfo(format=image_format, width=width, height=height, sha256=sha256_of(file), metadata=metadata)


def text_key(caption, credit):
    """Caption and credit as an import compares them (SHA-256): case, spacing and punctuation do not count.

    Empty when both are empty: a photo that says nothing is never taken for another.
    """
    words = [" ".join(re.findall(r"\w+", text.casefold())) for text in (caption, credit)]
    if not any(words):
        return ""
    return hashlib.sha256("\n".join(words).encode()).hexdigest()


def photos_missing_alt_text(article):
    """The article's photos that show an image but have no alt text: publishing must wait for them.

    Uses the prefetched photos when there are any, so the workflow can call it on a loaded article.
    """
    return [photo for photo in article.photos.all() if photo.image and not photo.alt_text.strip()]


def check_dimensions(width, height):
    max_width = settings.NEWSROOM_PHOTO_MAX_WIDTH
    max_height = settings.NEWSROOM_PHOTO_MAX_HEIGHT
    max_pixels = settings.NEWSROOM_PHOTO_MAX_PIXELS
    if width > max_width or height > max_height:
        raise ValidationError(
            _("This image is %(width)d×%(height)d pixels; photos may be at most %(max_width)d×%(max_height)d."),
            code="image_too_large",
            params={"width": width, "height": height, "max_width": max_width, "max_height": max_height},
        )
    if width * height > max_pixels:
        raise ValidationError(
            _("This image has %(megapixels).1f megapixels; photos may have at most %(limit).1f."),
            code="too_many_pixels",
            params={"megapixels": width * height / 1e6, "limit": max_pixels / 1e6},
        )


def file_name_for(name, image_format):
    """The upload's name with the extension its real format has ("IMG_1.jpg" holding a PNG -> "IMG_1.png")."""
    extension = EXTENSIONS.get(image_format)
    path = PurePosixPath(name or "photo")
    if not extension or path.suffix.lower().lstrip(".") in {extension, "jpeg" if extension == "jpg" else ""}:
        return str(path)
    return str(path.with_suffix(f".{extension}"))


# --- Embedded captions and credits -------------------------------------------------------------

IPTC_FIELDS = {(2, 120): "caption", (2, 110): "credit", (2, 80): "byline", (2, 116): "copyright"}
EXIF_FIELDS = {
    ExifTags.Base.ImageDescription: "caption",
    ExifTags.Base.Artist: "byline",
    ExifTags.Base.Copyright: "copyright",
}
XMP_FIELDS = {"description": "caption", "Credit": "credit", "creator": "byline", "rights": "copyright"}


def read_metadata(image):
    """Caption and credit from IPTC, then XMP, then EXIF: the first that has a field wins it.

    IPTC IIM comes first because agencies (AP, Reuters, AFP, ANTARA) fill it and keep it authoritative;
    XMP usually mirrors it; EXIF is what cameras and simple tools write.
    """
    metadata = PhotoMetadata()
    for reader in (iptc_metadata, xmp_metadata, exif_metadata):
        try:
            found = reader(image)
        except Exception:  # noqa: BLE001 - malformed metadata is common and never a reason to refuse a photo
            continue
        metadata = metadata.merged_with(found)
    return metadata


def iptc_metadata(image):
    # Record 1:90 declares UTF-8 when present, but agencies often write UTF-8 without it: decode_text
    # tries UTF-8 first either way, and text that is not valid UTF-8 is read as Windows-1252.
    info = IptcImagePlugin.getiptcinfo(image) or {}
    values = {}
    for key, name in IPTC_FIELDS.items():
        texts = [decode_text(value) for value in as_list(info.get(key))]
        values[name] = ", ".join(text for text in texts if text)
    return PhotoMetadata(**values)


def exif_metadata(image):
    exif = image.getexif()
    values = {}
    for tag, name in EXIF_FIELDS.items():
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = decode_text(value)
        elif isinstance(value, str):
            # Pillow reads EXIF ASCII as Latin-1, but tools write UTF-8 there ("Pekanbaru – Riau").
            value = decode_text(value.encode("latin-1", "ignore"))
        values[name] = clean_text(value or "")
    return PhotoMetadata(**values)


def xmp_metadata(image):
    if "xmp" not in image.info:
        return PhotoMetadata()
    xmp = image.getxmp()  # parsed with defusedxml: an XMP packet is untrusted XML
    descriptions = xmp.get("xmpmeta", {}).get("RDF", {}).get("Description", [])
    values = {}
    for description in as_list(descriptions):
        if not isinstance(description, dict):
            continue
        for key, name in XMP_FIELDS.items():
            if not values.get(name) and key in description:
                values[name] = clean_text(xmp_text(description[key]))
    return PhotoMetadata(**values)


def xmp_text(value):
    """The text of an XMP property: a plain value, a language alternative (x-default first) or a list."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        texts = [xmp_text(item) for item in value]
        return ", ".join(text for text in texts if text)
    if isinstance(value, dict):
        for container in ("Alt", "Seq", "Bag"):
            if container in value:
                items = as_list(value[container].get("li") if isinstance(value[container], dict) else None)
                if container == "Alt":
                    default = [item for item in items if isinstance(item, dict) and item.get("lang") == "x-default"]
                    items = (default or items)[:1]
                return xmp_text(items)
        return value.get("text", "") or ""
    return str(value)


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def decode_text(value):
    if isinstance(value, str):
        return clean_text(value)
    value = value.rstrip(b"\x00")
    try:
        return clean_text(value.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return clean_text(value.decode("cp1252", "replace"))


def clean_text(text):
    """Trim, unify line ends and drop control characters some tools leave in captions."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch == "\n" or ch == "\t" or ch >= " ").strip()
