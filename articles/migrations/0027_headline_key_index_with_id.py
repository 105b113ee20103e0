"""The headline look-up index carries the article id: "the oldest story with this headline" is its first entry.

The new index is built before the old one goes, so look-ups have an index throughout."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0026_long_values_compressed_with_lz4'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['headline_key', 'id'], name='article_headline_key_id_idx'),
        ),
        migrations.RemoveIndex(
            model_name='article',
            name='article_headline_key_idx',
        ),
    ]
