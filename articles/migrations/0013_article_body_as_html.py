"""Bodies typed before the rich-text editor were plain text, paragraphs separated by blank lines: each becomes the
sanitised HTML the editor and the importer write (articles/richtext.py), one <p> per paragraph."""

from django.db import migrations, models

from articles import richtext

BATCH = 500


def bodies_to_html(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    # Only the id and body are read and written: no save(), so no version, timestamp or history changes.
    rows = Article.objects.order_by("pk").values_list("pk", "body")
    changed = []
    for pk, body in rows.iterator(chunk_size=BATCH):
        html = richtext.clean(body)
        if html != body:
            changed.append(Article(pk=pk, body=html))
        if len(changed) >= BATCH:
            Article.objects.bulk_update(changed, ["body"])
            changed = []
    Article.objects.bulk_update(changed, ["body"])


def bodies_to_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for pk, body in Article.objects.order_by("pk").values_list("pk", "body").iterator(chunk_size=BATCH):
        Article.objects.filter(pk=pk).update(body=richtext.plain_text(body))


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_agency_updates_and_version_order")]

    operations = [
        migrations.AlterField(model_name="article", name="body", field=models.TextField(verbose_name="body")),
        migrations.RunPython(bodies_to_html, bodies_to_text, elidable=True),
    ]
