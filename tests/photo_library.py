"""Library photos placed in stories, as the desk sets them up in tests."""

from articles.models import Photo, PhotoUse


def place_photo(article, order=0, *, story_caption="", photo=None, **fields):
    """A new library photo (or `photo`) used in `article` at `order`; returns the use, read like a photo."""
    photo = photo or Photo.objects.create(**fields)
    return PhotoUse.objects.create(article=article, photo=photo, order=order, story_caption=story_caption)


def library_form(**fields):
    """The library's add/change form as the admin posts it."""
    form = {
        "caption": "",
        "credit": "",
        "alt_text": "",
        "date_taken": "",
        "place": "",
        "photographer": "",
        "keywords": "",
        "usage_terms": "",
        "licence_expires": "",
    }
    form.update(fields)
    return form
