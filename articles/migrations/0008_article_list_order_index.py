"""The desk's article list, newest first whatever the state: an index in its order (-published_at, -id), so
that a page is a walk of the index and not a sort of the whole archive (a million rows at ANTARA's size)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_visible_text_identity'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-published_at', '-id'], name='article_pub_id_idx'),
        ),
    ]
