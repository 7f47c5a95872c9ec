"""Reading trainer notes becomes a permission (`modules.view_trainer_notes`) given to the trainer groups,
instead of a check of the group names; a provider can give it to another group in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Lead trainers", "Co-trainers"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.get(
        content_type__app_label="modules", codename="view_trainer_notes"
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(
        content_type__app_label="modules", codename="view_trainer_notes"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0008_writing_time"),
        ("website", "0002_home_page_and_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="trainingmodulepage",
            options={
                "permissions": [
                    ("view_trainer_notes", "Can read the trainer notes on module pages")
                ],
                "verbose_name": "training module",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
