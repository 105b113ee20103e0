"""Imported photo captions go to the photo library: the agency's archive picture is one library photo, however
many stories carry its caption.

A caption and credit that read the same as a library photo's (articles.photos.text_key: case, spacing and
punctuation aside) reuse that photo; any other becomes a new library photo waiting for its file ("file to come"),
which a photo editor uploads later.
"""

from ..models import Photo
from ..photos import text_key


def library_photos(parsed_photos):
    """One library photo per parsed photo, in order: found by caption and credit, else created without a file.

    A caption seen twice in the same batch makes one photo. Of several library photos with the same text, the
    one with a file (the oldest of those) is taken.
    """
    keys = [text_key(parsed.caption, parsed.credit) for parsed in parsed_photos]
    found = {}
    for photo in Photo.objects.filter(text_key__in={key for key in keys if key}).order_by("pk"):
        if photo.text_key not in found or (photo.image and not found[photo.text_key].image):
            found[photo.text_key] = photo
    photos, new = [], []
    for key, parsed in zip(keys, parsed_photos, strict=True):
        photo = found.get(key) if key else None
        if photo is None:
            photo = Photo(
                caption=parsed.caption,
                credit=parsed.credit,
                is_archive=parsed.is_archive,
                alt_text=parsed.alt_text,
                text_key=key,
            )
            new.append(photo)
            if key:
                found[key] = photo
        photos.append(photo)
    Photo.objects.bulk_create(new)
    return photos
