"""Reflections' rights as Django permissions, given to the role groups (docs/architecture.md, "Roles"):
coordinators read every insight, send raised items to the backlog and ask someone who declined again;
lead trainers read the insights of the sessions they lead."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = ["view_insights", "view_every_insight", "forward_raised_item", "add_askagain"]
LEAD_TRAINERS = ["view_insights"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")

    def perms(codenames):
        return Permission.objects.filter(
            content_type__app_label="reflections", codename__in=codenames
        )

    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(*perms(COORDINATORS))
    leads, _ = Group.objects.get_or_create(name="Lead trainers")
    leads.permissions.add(*perms(LEAD_TRAINERS))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    granted = Permission.objects.filter(
        content_type__app_label="reflections", codename__in=COORDINATORS
    )
    for group in Group.objects.filter(name__in=["Coordinators", "Lead trainers"]):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("reflections", "0005_raised_concern_notice"),
        ("website", "0002_home_page_and_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="reflection",
            options={
                "ordering": ["id"],
                "permissions": [
                    ("view_insights", "Can read reflection insights for the sessions they lead"),
                    ("view_every_insight", "Can read reflection insights for every session"),
                    (
                        "forward_raised_item",
                        "Can send a raised item, without a name, to the ideas backlog",
                    ),
                ],
                "verbose_name": "reflection",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
