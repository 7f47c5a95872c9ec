"""The module index at /modules/, what each role may do with modules, and the "Co-trainer review" workflow.

These are part of how the product works (docs/architecture.md, "Roles"), not demo data, so a fresh `migrate` has them:
- Co-trainers add and edit module pages under the index but cannot publish; they add and edit ideas.
- Lead trainers add, edit and publish module pages, approve reviews, and keep the involvement record.
- Coordinators have no rights on module content; they see the ideas and keep the involvement record.
Every change a co-trainer submits goes through "Co-trainer review", approved by the Lead trainers group.
"""

from django.db import migrations
from django.utils import timezone

INDEX_SLUG = "modules"
WORKFLOW_NAME = "Co-trainer review"
TASK_NAME = "Lead trainer approval"
TREEBEARD_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

PAGE_PERMISSIONS = {
    "Co-trainers": ["add_page", "change_page"],
    "Lead trainers": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
IMAGE_PERMISSIONS = {
    "Co-trainers": ["add_image", "choose_image"],
    "Lead trainers": ["add_image", "change_image", "choose_image"],
}
MODEL_PERMISSIONS = {
    "moduleidea": {
        "Co-trainers": ["add", "change", "view"],
        "Lead trainers": ["add", "change", "delete", "view"],
        "Coordinators": ["view"],
    },
    "moduleinvolvement": {
        "Lead trainers": ["add", "change", "delete", "view"],
        "Coordinators": ["add", "change", "delete", "view"],
    },
}


def _encode_step(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(TREEBEARD_ALPHABET))
        digits = TREEBEARD_ALPHABET[remainder] + digits
    return digits.rjust(STEPLEN, "0")


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _module_index(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("website.HomePage")
    ModuleIndexPage = apps.get_model("modules.ModuleIndexPage")

    existing = ModuleIndexPage.objects.first()
    if existing:
        return existing
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    next_step = (int(last[-STEPLEN:], 36) + 1) if last else 1
    index_type, _ = ContentType.objects.get_or_create(app_label="modules", model="moduleindexpage")
    now = timezone.now()
    index = ModuleIndexPage.objects.create(
        locale_id=home.locale_id,
        title="Training modules",
        draft_title="Training modules",
        slug=INDEX_SLUG,
        content_type=index_type,
        path=home.path + _encode_step(next_step),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{INDEX_SLUG}/",
        live=True,
        first_published_at=now,
        last_published_at=now,
        intro=(
            "<p>Each module is written by staff and residents together. Every module has an "
            "easy-read version.</p>"
        ),
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())
    return index


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    groups = {group.name: group for group in Group.objects.all()}
    index = _module_index(apps)

    if index is not None:
        for group_name, codenames in PAGE_PERMISSIONS.items():
            group = groups.get(group_name)
            if group is None:
                continue
            for codename in codenames:
                permission = _permission(apps, "wagtailcore", "page", codename, codename)
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=index.pk, permission=permission
                )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for group_name, codenames in IMAGE_PERMISSIONS.items():
            group = groups.get(group_name)
            if group is None:
                continue
            for codename in codenames:
                permission = _permission(apps, "wagtailimages", "image", codename, codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )

    for model, by_group in MODEL_PERMISSIONS.items():
        for group_name, actions in by_group.items():
            group = groups.get(group_name)
            if group is None:
                continue
            for action in actions:
                permission = _permission(
                    apps, "modules", model, f"{action}_{model}", f"Can {action} {model}"
                )
                group.permissions.add(permission)

    lead_trainers = groups.get("Lead trainers")
    if lead_trainers is None or index is None:
        return
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.set([lead_trainers])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0002_module_content_credits_ideas"),
        ("website", "0002_home_page_and_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
