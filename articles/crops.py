"""Where each rendition of a photo is cut: a box of the wanted shape around the photo's focal point.

Pure arithmetic on sizes; articles.renditions does the cutting. The focal point is kept as fractions of the
picture's width and height (0.5, 0.5 is the middle), so it holds for the original and every downscaled copy.
"""

from django.conf import settings

ORIGINAL = "original"
WIDE, CLASSIC, SQUARE, SOCIAL = "16:9", "4:3", "1:1", "social"
# The shapes pages and machines ask for: the article page (16:9), thumbnails and list cards (4:3, 1:1), and the
# social card (Open Graph and Twitter, 1200×630). JSON-LD offers 16:9, 4:3 and 1:1, as Google asks.
RATIOS = {WIDE: (16, 9), CLASSIC: (4, 3), SQUARE: (1, 1), SOCIAL: (1200, 630)}
# A name for files (no colon in a path).
SLUGS = {ORIGINAL: "asli", WIDE: "16x9", CLASSIC: "4x3", SQUARE: "1x1", SOCIAL: "sosial"}


def crop_widths():
    """{crop: widths} as configured (NEWSROOM_PHOTO_CROPS), the original's own shape included."""
    widths = {*settings.NEWSROOM_PHOTO_WIDTHS, settings.NEWSROOM_PHOTO_THUMBNAIL_WIDTH}
    return {ORIGINAL: sorted(widths), **{crop: sorted(ws) for crop, ws in settings.NEWSROOM_PHOTO_CROPS.items()}}


def crop_box(width, height, crop, focus=(0.5, 0.5)):
    """(left, top, right, bottom): the largest box of the crop's shape inside a width×height picture, centred on
    the focal point as far as the picture's edges allow. The original's shape is the whole picture."""
    if crop == ORIGINAL:
        return (0, 0, width, height)
    ratio_width, ratio_height = RATIOS[crop]
    box_width = min(width, max(1, round(height * ratio_width / ratio_height)))
    box_height = min(height, max(1, round(box_width * ratio_height / ratio_width)))
    focus_x, focus_y = focus
    left = min(max(round(focus_x * width - box_width / 2), 0), width - box_width)
    top = min(max(round(focus_y * height - box_height / 2), 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def planned(width, height, focus=(0.5, 0.5)):
    """[(crop, rendition width, rendition height)] for an original of width×height: each configured width of each
    shape, never wider than the box it is cut from (never upscaled)."""
    plan = set()
    for crop, widths in crop_widths().items():
        left, top, right, bottom = crop_box(width, height, crop, focus)
        box_width, box_height = right - left, bottom - top
        for wanted in widths:
            if wanted <= 0:
                continue
            target = min(wanted, box_width)
            plan.add((crop, target, max(1, round(box_height * target / box_width))))
    return sorted(plan)
