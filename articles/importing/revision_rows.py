"""The revision of a batch of new articles, stored as django-reversion stores revisions, in a fixed number of queries.

Bulk inserts send no signals, so django-reversion does not see the rows the saver writes. Handing each article to
`reversion.add_to_revision()` works, but it reads every relation it follows back from the database and copies the
revision's whole collection of versions for each object it adds, which grows with the square of the batch: keeping
revisions took about half of an import's time. Here the rows the saver has just written, all in memory, become the
same `Version` rows (the registered format and fields, `revisions.KEPT`), written with one bulk insert into a
revision with the comment, user and date of the revision the batch runs in. History, compare and restore read them
like any other.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.utils import timezone
from reversion.models import Revision, Version

from ..revisions import REVISION_FORMAT, kept_fields
from ..serializers import serialize_each


def keep_revision(rows):
    """Keep one revision of `rows`: the new articles with every row their revision carries (photo uses, library
    photos, "Baca juga" links, credits, taggings and tags). Nothing happens outside `record_revision()`."""
    if not reversion.is_active() or not rows:
        return None
    by_model = {}
    for row in rows:  # a tag or library photo shared by several stories is kept once
        by_model.setdefault(type(row), {}).setdefault(row.pk, row)
    revision = Revision.objects.create(
        date_created=reversion.get_date_created() or timezone.now(),
        user=reversion.get_user(),
        comment=reversion.get_comment(),
    )
    versions = []
    for model, objects in by_model.items():
        objects = list(objects.values())
        content_type = ContentType.objects.get_for_model(model)
        db = router.db_for_write(model)
        for row, data in zip(objects, serialize_each(objects, kept_fields(model)), strict=True):
            versions.append(
                Version(
                    # By id: setting the related objects asks the database router about each of them, per row.
                    revision_id=revision.pk,
                    content_type_id=content_type.pk,
                    object_id=str(row.pk),
                    db=db,
                    format=REVISION_FORMAT,
                    serialized_data=data,
                    object_repr=str(row),
                )
            )
    Version.objects.bulk_create(versions, batch_size=500)
    return revision
