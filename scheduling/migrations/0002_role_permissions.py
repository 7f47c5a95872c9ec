"""Give the role groups their permissions on scheduling models (docs/architecture.md, "Roles")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROSTER = ["unit", "wardroutine", "person", "shift", "unavailability", "room", "roomclosure",
          "facilitator", "facilitatorabsence"]
PLANNING = ["programme", "planrun", "session", "attendance"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")

    def perms(models, actions=("add", "change", "delete", "view")):
        codenames = [f"{action}_{model}" for model in models for action in actions]
        return Permission.objects.filter(content_type__app_label="scheduling", codename__in=codenames)

    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(*perms(ROSTER + PLANNING))
    leads, _ = Group.objects.get_or_create(name="Lead trainers")
    leads.permissions.add(*perms(["session", "programme"], actions=("view",)))
    leads.permissions.add(*perms(["attendance"], actions=("view", "change")))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=["Coordinators", "Lead trainers"]):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="scheduling"))


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0001_initial"),
        ("website", "0002_home_page_and_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
