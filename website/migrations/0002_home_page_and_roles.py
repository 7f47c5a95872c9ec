"""Create the home page in place of Wagtail's welcome page, and the four role groups."""

from django.db import migrations

GROUPS = ("Coordinators", "Lead trainers", "Co-trainers", "Attendees")
ADMIN_GROUPS = ("Coordinators", "Lead trainers", "Co-trainers")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("website.HomePage")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="website")
    if not HomePage.objects.exists():
        Page.objects.filter(depth=2, slug="home").delete()
        root = Page.objects.get(depth=1)
        Locale = apps.get_model("wagtailcore.Locale")
        locale = Locale.objects.first() or Locale.objects.create(language_code="en-gb")
        home = HomePage.objects.create(
            locale=locale,
            title="Alongside",
            draft_title="Alongside",
            slug="home",
            content_type=home_type,
            path=f"{root.path}0001",
            depth=2,
            numchild=0,
            url_path="/home/",
            intro=(
                "<p>Alongside is where staff and residents plan, join and look back on training "
                "they do together.</p>"
            ),
        )
        root.numchild = Page.objects.filter(depth=2).count()
        root.save(update_fields=["numchild"])
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Alongside"},
        )

    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        if name in ADMIN_GROUPS:
            group.permissions.add(access_admin)


def backwards(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
