"""Article.corrected_at: the time of the story's latest correction, filled in for the stories corrected so far."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_corrected_at(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Correction = apps.get_model("articles", "Correction")
    corrections = Correction.objects.filter(article=OuterRef("pk"))
    latest = corrections.order_by("-published_at").values("published_at")[:1]
    Article.objects.filter(pk__in=Correction.objects.values("article")).update(corrected_at=Subquery(latest))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0027_headline_key_index_with_id'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='corrected_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last corrected'),
        ),
        migrations.RunPython(fill_corrected_at, migrations.RunPython.noop),
    ]
