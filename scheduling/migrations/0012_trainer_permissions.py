"""Being a trainer becomes permissions instead of group-name checks: `scheduling.deliver_session` (lead
trainers and co-trainers: the registers of the sessions they deliver) and `scheduling.lead_session` (lead
trainers: offering a session they lead to a catch-up re-plan). A provider can give them to another group
in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Lead trainers": ["deliver_session", "lead_session"],
    "Co-trainers": ["deliver_session"],
}


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
            *Permission.objects.filter(
                content_type__app_label="scheduling", codename__in=codenames
            )
        )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(
        content_type__app_label="scheduling", codename__in=["deliver_session", "lead_session"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0011_attendance_per_unit"),
        ("website", "0002_home_page_and_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="session",
            options={
                "ordering": ["start", "unit__name"],
                "permissions": [
                    ("deliver_session", "Can deliver the training sessions they are given"),
                    ("lead_session", "Can lead the training sessions they are given"),
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
