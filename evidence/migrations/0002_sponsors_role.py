"""The Sponsors role (senior managers, ward managers): read the evidence, and nothing else.

Sponsors get no Wagtail admin access and no permission on the roster, plans or reflections, so every
other page answers 403 to them by the same checks that already guard it. Coordinators also read the
reports, and alone read anyone's training record and download the staff completion export.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SPONSORS = "Sponsors"
COORDINATORS = "Coordinators"
SPONSOR_PERMISSIONS = ["view_reports"]
COORDINATOR_PERMISSIONS = ["view_reports", "view_training_records", "export_staff_completion"]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("evidence")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")

    def perms(codenames):
        return Permission.objects.filter(content_type__app_label="evidence", codename__in=codenames)

    sponsors, _ = Group.objects.get_or_create(name=SPONSORS)
    sponsors.permissions.add(*perms(SPONSOR_PERMISSIONS))
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(*perms(COORDINATOR_PERMISSIONS))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Group.objects.filter(name=SPONSORS).delete()
    coordinators = Group.objects.filter(name=COORDINATORS).first()
    if coordinators is not None:
        coordinators.permissions.remove(
            *coordinators.permissions.filter(content_type__app_label="evidence")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_evidence_access"),
        ("website", "0002_home_page_and_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
