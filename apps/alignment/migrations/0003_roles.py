"""The Reviewer and Editor groups with their model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    # Translators: read everything, confirm and flag links.
    "Reviewer": [
        ("corpus", "view_resolution"),
        ("corpus", "view_paragraph"),
        ("alignment", "view_link"),
        ("alignment", "review_link"),
        ("alignment", "view_edit"),
    ],
    # Editors: also change the alignment and the text, import resolutions, undo edits.
    "Editor": [
        ("corpus", "view_resolution"),
        ("corpus", "add_resolution"),
        ("corpus", "change_resolution"),
        ("corpus", "view_paragraph"),
        ("corpus", "change_paragraph"),
        ("alignment", "view_link"),
        ("alignment", "review_link"),
        ("alignment", "add_link"),
        ("alignment", "change_link"),
        ("alignment", "delete_link"),
        ("alignment", "view_edit"),
        ("alignment", "change_edit"),
    ],
}


def roles_create(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def roles_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("alignment", "0002_link_flag_note_edit"),
        ("corpus", "0002_historicalresolution"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(roles_create, roles_delete)]
