from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_bylines_become_authors")]

    operations = [
        migrations.RemoveField(model_name="article", name="editor"),
        migrations.RemoveField(model_name="article", name="reporter"),
    ]
