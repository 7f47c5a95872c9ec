"""The module writing roles become permissions instead of group-name checks: `modules.review_module` (lead
trainers: the review panel, publishing, deleting any page) and `modules.suggest_module_change`
(co-trainers: the writing panel, their own involvement, credits). A provider can give them to another
group in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Lead trainers": ["review_module"],
    "Co-trainers": ["suggest_module_change"],
}
CODENAMES = ["review_module", "suggest_module_change"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="modules", codename__in=codenames)
        )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(content_type__app_label="modules", codename__in=CODENAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("modules", "0009_trainer_notes_permission")]

    operations = [
        migrations.AlterModelOptions(
            name="trainingmodulepage",
            options={
                "permissions": [
                    ("view_trainer_notes", "Can read the trainer notes on module pages"),
                    ("review_module", "Can review and publish co-trainers' module changes"),
                    (
                        "suggest_module_change",
                        "Can suggest module changes in the plain-words space and be credited",
                    ),
                ],
                "verbose_name": "training module",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
