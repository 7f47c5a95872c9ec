"""Sign-in lockout moves to django-axes (username AND address): the old per-username table goes, and
coordinators get the right to see and end locks ("Sign-in locks" in the admin)."""

from django.db import migrations

RIGHTS = (("view_accessattempt", "Can view access attempt"), ("delete_accessattempt", "Can delete access attempt"))


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="axes", model="accessattempt")
    perms = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in RIGHTS
    ]
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(*perms)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    coordinators = Group.objects.filter(name="Coordinators").first()
    if coordinators:
        coordinators.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="axes", codename__in=[codename for codename, _ in RIGHTS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0002_home_page_and_roles"),
        ("axes", "0010_accessattemptexpiration"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.DeleteModel(name="LoginFailure"),
        migrations.RunPython(forwards, backwards),
    ]
