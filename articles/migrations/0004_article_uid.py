import uuid

from django.db import migrations, models


def give_each_article_its_own_uid(apps, schema_editor):
    # AddField evaluates uuid4 once for the existing rows; each needs its own before the unique index.
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("id").iterator(chunk_size=1000):
        Article.objects.filter(pk=article.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_photo_renditions_and_upload_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="uid",
            field=models.UUIDField(editable=False, null=True, verbose_name="permanent id"),
        ),
        migrations.RunPython(give_each_article_its_own_uid, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="article",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="permanent id"),
        ),
    ]
