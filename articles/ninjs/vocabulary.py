"""The ninjs 3.1 words this project writes and reads: the schema, the status mapping, the stable namespaces."""

from __future__ import annotations

import re
import uuid

from ..models import Article

SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
STANDARD = {"name": "ninjs", "version": "3.1", "schema": SCHEMA_URI}
ARCHIVE_GENRE = {"name": "Archive material", "uri": "http://cv.iptc.org/newscodes/genre/Archive_material"}
ORIGINATOR, DISTRIBUTOR = "originator", "distributor"

PUB_STATUS = {
    Article.Status.PUBLISHED: "usable",
    Article.Status.WITHDRAWN: "canceled",
    Article.Status.DRAFT: "withheld",
    Article.Status.REVIEW: "withheld",
}
STATUS_FROM_PUB_STATUS = {
    "usable": Article.Status.PUBLISHED,
    "canceled": Article.Status.WITHDRAWN,
    "withheld": Article.Status.DRAFT,
}

# Namespaces for UUID 5: ids derived from something stable where the article has no id to give.
PHOTO_NAMESPACE = uuid.UUID("6f1c7a52-3c1e-4f3e-9a57-2d0c8e1b9a10")
TITLE_NAMESPACE = uuid.UUID("0b9d3f7e-8a4c-4b52-8e61-5c2f9d7a4e23")
URN_UUID = "urn:uuid:"
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HTML_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p\s*>", re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(r"<[^>]+>")
