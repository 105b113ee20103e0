"""Photos become library photos, each used by its article once: the same picture can then serve many stories.

Every existing photo keeps its row, file, renditions, caption, credit and archive flag, and gets one use in its
article in its old order. The article revisions that stored a photo get that use too, with the caption the
story had then where it differs from the library's, so restoring an old revision brings its photos back.
"""

import json

import django.db.models.deletion
from django.db import migrations, models


def photos_into_library(apps, schema_editor):
    Photo = apps.get_model("articles", "Photo")
    PhotoUse = apps.get_model("articles", "PhotoUse")
    PhotoUse.objects.bulk_create(
        (
            PhotoUse(article_id=article_id, photo_id=photo_id, order=order)
            for photo_id, article_id, order in Photo.objects.values_list("pk", "article_id", "order").iterator()
        ),
        batch_size=1000,
    )
    revisions_with_uses(apps)


def revisions_with_uses(apps):
    """Beside each stored photo version, the use that places it in its article, as a revision now records it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Photo = apps.get_model("articles", "Photo")
    PhotoUse = apps.get_model("articles", "PhotoUse")
    photo_type = ContentType.objects.filter(app_label="articles", model="photo").first()
    if photo_type is None:
        return  # a new database: nothing was ever stored
    use_type, _ = ContentType.objects.get_or_create(app_label="articles", model="photouse")
    use_of = dict(PhotoUse.objects.values_list("photo_id", "pk"))
    captions = dict(Photo.objects.values_list("pk", "caption"))
    new_versions = []
    for version in Version.objects.filter(content_type=photo_type).iterator(chunk_size=500):
        stored = json.loads(version.serialized_data)[0]
        photo_id = int(stored["pk"])
        if photo_id not in use_of:
            continue  # the photo was deleted since: its stored version stays, with nothing to place
        fields = stored["fields"]
        caption = fields.get("caption", "")
        data = {
            "model": "articles.photouse",
            "pk": use_of[photo_id],
            "fields": {
                "article": fields["article"],
                "photo": photo_id,
                "order": fields.get("order", 0),
                "story_caption": caption if caption != captions[photo_id] else "",
            },
        }
        new_versions.append(
            Version(
                revision_id=version.revision_id,
                object_id=str(use_of[photo_id]),
                content_type=use_type,
                db=version.db,
                format=version.format,
                serialized_data=json.dumps([data]),
                object_repr=version.object_repr,
            )
        )
    Version.objects.bulk_create(new_versions, batch_size=1000)


def caption_keys(apps, schema_editor):
    from articles.photos import text_key

    Photo = apps.get_model("articles", "Photo")
    photos = list(Photo.objects.only("caption", "credit"))
    for photo in photos:
        photo.text_key = text_key(photo.caption, photo.credit)
    Photo.objects.bulk_update(photos, ["text_key"], batch_size=1000)


def library_into_photos(apps, schema_editor):
    """Back to one article per photo: each photo goes to the story of its first use (later uses are dropped)."""
    Photo = apps.get_model("articles", "Photo")
    PhotoUse = apps.get_model("articles", "PhotoUse")
    for use in PhotoUse.objects.order_by("-pk").iterator():
        Photo.objects.filter(pk=use.photo_id).update(article_id=use.article_id, order=use.order)
    Photo.objects.filter(article__isnull=True).delete()
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Version.objects.filter(content_type__in=ContentType.objects.filter(app_label="articles", model="photouse")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_internal_notes_and_assignee"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        # The old link stays readable until each photo has its use; its reverse name goes to the use.
        migrations.AlterField(
            model_name="photo",
            name="article",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="articles.article"
            ),
        ),
        migrations.CreateModel(
            name="PhotoUse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "story_caption",
                    models.TextField(
                        blank=True,
                        help_text="Leave empty to use the library caption.",
                        verbose_name="caption in this story",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photos",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "photo",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="uses",
                        to="articles.photo",
                        verbose_name="photo",
                    ),
                ),
            ],
            options={
                "verbose_name": "photo in the story",
                "verbose_name_plural": "photos in the story",
                "ordering": ["order", "id"],
                "indexes": [models.Index(fields=["article", "order"], name="photo_use_article_order_idx")],
            },
        ),
        migrations.RunPython(photos_into_library, library_into_photos, elidable=False),
        migrations.RemoveIndex(model_name="photo", name="photo_article_order_idx"),
        migrations.RemoveField(model_name="photo", name="article"),
        migrations.RemoveField(model_name="photo", name="order"),
        migrations.AlterModelOptions(
            name="photo",
            options={"ordering": ["-id"], "verbose_name": "photo", "verbose_name_plural": "photos"},
        ),
        migrations.AddField(
            model_name="photo",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, null=True, verbose_name="added to the library"),
        ),
        migrations.AddField(
            model_name="photo",
            name="date_taken",
            field=models.DateField(blank=True, null=True, verbose_name="date taken"),
        ),
        migrations.AddField(
            model_name="photo",
            name="place",
            field=models.CharField(
                blank=True, help_text="E.g. Sungai Siak, Pekanbaru.", max_length=200, verbose_name="place"
            ),
        ),
        migrations.AddField(
            model_name="photo",
            name="photographer",
            field=models.CharField(blank=True, max_length=200, verbose_name="photographer"),
        ),
        migrations.AddField(
            model_name="photo",
            name="keywords",
            field=models.CharField(
                blank=True, help_text="Separated by commas.", max_length=500, verbose_name="keywords"
            ),
        ),
        migrations.AddField(
            model_name="photo",
            name="usage_terms",
            field=models.TextField(
                blank=True, help_text="E.g. “Editorial use only”.", verbose_name="copyright and usage terms"
            ),
        ),
        migrations.AddField(
            model_name="photo",
            name="licence_expires",
            field=models.DateField(
                blank=True,
                help_text="For licensed agency pictures: the last day of use.",
                null=True,
                verbose_name="licence expires",
            ),
        ),
        migrations.AddField(
            model_name="photo",
            name="text_key",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=64, verbose_name="caption key"
            ),
        ),
        migrations.RunPython(caption_keys, migrations.RunPython.noop, elidable=False),
    ]
