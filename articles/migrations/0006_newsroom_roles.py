"""The desk's roles as groups. Rules beyond model permissions (a reporter's own drafts only) live in
articles.workflow; the lists here are frozen as they were when this migration was written."""

from django.db import migrations

ROLES = {
    "Reporter": {
        "articles": [
            "add_article",
            "change_article",
            "delete_article",
            "view_article",
            "add_photo",
            "change_photo",
            "delete_photo",
            "view_photo",
            "add_relatedlink",
            "change_relatedlink",
            "delete_relatedlink",
            "view_relatedlink",
            "view_section",
            "view_source",
            "view_correction",
        ],
        "taggit": ["view_tag"],
    },
    "Editor": {
        "articles": [
            "add_article",
            "change_article",
            "delete_article",
            "view_article",
            "publish_article",
            "change_photos_of_any_article",
            "add_photo",
            "change_photo",
            "delete_photo",
            "view_photo",
            "add_relatedlink",
            "change_relatedlink",
            "delete_relatedlink",
            "view_relatedlink",
            "add_correction",
            "change_correction",
            "view_correction",
            "add_section",
            "change_section",
            "view_section",
            "add_source",
            "change_source",
            "view_source",
            "view_slugredirect",
            "delete_slugredirect",
            "view_auditentry",
        ],
        "taggit": ["add_tag", "change_tag", "delete_tag", "view_tag"],
    },
    "Photo editor": {
        "articles": [
            "view_article",
            "change_photos_of_any_article",
            "add_photo",
            "change_photo",
            "delete_photo",
            "view_photo",
            "view_section",
            "view_source",
        ],
        "taggit": ["view_tag"],
    },
}


def create_permissions_now(apps):
    # Permissions are normally made after all migrations ran; the groups need them now.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, by_app in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in by_app.items():
            permissions = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
            missing = set(codenames) - {p.codename for p in permissions}
            if missing:
                raise RuntimeError(f"Permissions missing for the {name} role: {sorted(missing)}")
            group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_workflow_corrections_audit_redirects"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
