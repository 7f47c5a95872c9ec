"""Permissions that say what they mean: who may delete module pages, and who may list the involvement
record, checked through the real admin views for each role."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page

from modules.models import ModuleInvolvement, ModuleMaterialPage
from modules.permissions import co_trainer_users, user_can_delete_page
from tests.factories import UserFactory
from tests.modules.factories import InvolvementFactory

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/modules/moduleinvolvement/"


def _draft_material(module, *, owner, title="A draft activity", slug="a-draft-activity"):
    page = ModuleMaterialPage(title=title, slug=slug, summary="Draft.", live=False, owner=owner)
    module.add_child(instance=page)
    page.save_revision(user=owner)
    return Page.objects.get(pk=page.pk)


@pytest.fixture
def second_co_trainer(db):
    user = UserFactory(username="second-cotrainer", first_name="Robin")
    user.groups.add(Group.objects.get(name="Co-trainers"))
    return user


def _delete(client, user, page):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    return client.get(url), client.post(url)


def test_co_trainer_cannot_delete_another_co_trainers_draft_waiting_in_review(
    client, module_page, co_trainer, second_co_trainer
):
    draft = _draft_material(module_page, owner=second_co_trainer)
    draft.get_workflow().start(draft, second_co_trainer)
    assert not draft.specific.permissions_for_user(co_trainer).can_delete()
    shown, posted = _delete(client, co_trainer, draft)
    assert shown.status_code in (302, 403)
    assert posted.status_code in (302, 403)
    assert Page.objects.filter(pk=draft.pk).exists()


def test_co_trainer_cannot_delete_a_draft_someone_else_owns_even_out_of_review(
    client, module_page, co_trainer, lead_trainer
):
    draft = _draft_material(module_page, owner=lead_trainer)
    _, posted = _delete(client, co_trainer, draft)
    assert posted.status_code in (302, 403)
    assert Page.objects.filter(pk=draft.pk).exists()


def test_co_trainer_cannot_delete_a_published_module(client, module_page, co_trainer):
    assert not module_page.permissions_for_user(co_trainer).can_delete()
    _, posted = _delete(client, co_trainer, module_page)
    assert Page.objects.filter(pk=module_page.pk).exists()
    assert posted.status_code in (302, 403)


def test_co_trainer_can_delete_their_own_never_published_draft(client, module_page, co_trainer):
    draft = _draft_material(module_page, owner=co_trainer)
    assert draft.specific.permissions_for_user(co_trainer).can_delete()
    client.force_login(co_trainer)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=draft.pk).exists()


def test_a_page_that_was_once_published_is_not_a_draft_any_more(module_page, co_trainer):
    page = _draft_material(module_page, owner=co_trainer).specific
    page.get_latest_revision().publish()
    page.refresh_from_db()
    page.unpublish()
    page.refresh_from_db()
    assert not page.live
    assert not user_can_delete_page(user=co_trainer, page=page)


def test_lead_trainer_can_delete_a_co_trainers_draft(client, module_page, co_trainer, lead_trainer):
    draft = _draft_material(module_page, owner=co_trainer)
    assert draft.specific.permissions_for_user(lead_trainer).can_delete()
    _, posted = _delete(client, lead_trainer, draft)
    assert posted.status_code == 302
    assert not Page.objects.filter(pk=draft.pk).exists()


def test_coordinator_cannot_delete_module_pages(client, module_page, coordinator, co_trainer):
    draft = _draft_material(module_page, owner=co_trainer)
    _, posted = _delete(client, coordinator, draft)
    assert Page.objects.filter(pk=draft.pk).exists()
    assert posted.status_code in (302, 403)


# --- The involvement record: chooser and listing ------------------------------------------------


@pytest.fixture
def records(co_trainer, second_co_trainer):
    return {
        "mine": InvolvementFactory(person_name="Mine Only", user=co_trainer),
        "theirs": InvolvementFactory(person_name="Someone Else", user=second_co_trainer),
        "nobody": InvolvementFactory(person_name="No Login"),
    }


def _names_in_chooser(client, user) -> str:
    client.force_login(user)
    response = client.get(CHOOSER)
    assert response.status_code == 200
    return response.json()["html"]


def test_co_trainer_lists_only_their_own_involvement_in_the_chooser(client, co_trainer, records):
    html = _names_in_chooser(client, co_trainer)
    assert "Mine Only" in html
    assert "Someone Else" not in html
    assert "No Login" not in html
    results = client.get(CHOOSER + "results/", {"q": "e"}).content.decode()
    assert "Someone Else" not in results and "No Login" not in results


def test_co_trainer_cannot_pick_someone_elses_record_by_its_id(client, co_trainer, records):
    client.force_login(co_trainer)
    theirs = client.get(f"{CHOOSER}chosen/{records['theirs'].pk}/")
    assert theirs.status_code == 404
    mine = client.get(f"{CHOOSER}chosen/{records['mine'].pk}/")
    assert mine.status_code == 200


@pytest.mark.parametrize("role", ["lead_trainer", "coordinator"])
def test_record_keepers_list_every_record_in_the_chooser(client, request, role, records):
    html = _names_in_chooser(client, request.getfixturevalue(role))
    assert "Mine Only" in html and "Someone Else" in html and "No Login" in html


def test_co_trainer_cannot_open_the_involvement_listing(client, co_trainer, records):
    client.force_login(co_trainer)
    response = client.get(reverse("wagtailsnippets_modules_moduleinvolvement:list"))
    assert response.status_code in (302, 403)
    edit = client.get(
        reverse("wagtailsnippets_modules_moduleinvolvement:edit", args=[records["theirs"].pk])
    )
    assert edit.status_code in (302, 403)


def test_lead_trainer_opens_the_involvement_listing(client, lead_trainer, records):
    client.force_login(lead_trainer)
    html = client.get(reverse("wagtailsnippets_modules_moduleinvolvement:list")).content.decode()
    assert "Someone Else" in html and "Mine Only" in html


def test_attendee_cannot_use_the_chooser(client, attendee, records):
    client.force_login(attendee)
    response = client.get(CHOOSER)
    assert response.status_code in (302, 403)


def test_the_involvement_form_lists_only_people_who_co_train(
    client, lead_trainer, co_trainer, coordinator, attendee, second_co_trainer
):
    client.force_login(lead_trainer)
    response = client.get(reverse("wagtailsnippets_modules_moduleinvolvement:add"))
    choices = {str(value) for value, _ in response.context["form"].fields["user"].choices if value}
    assert choices == {str(co_trainer.pk), str(second_co_trainer.pk)}
    assert set(co_trainer_users()) == {co_trainer, second_co_trainer}


def test_an_old_record_still_shows_its_person_after_a_role_change(client, lead_trainer, attendee):
    record = InvolvementFactory(person_name="Former", user=attendee)
    client.force_login(lead_trainer)
    response = client.get(
        reverse("wagtailsnippets_modules_moduleinvolvement:edit", args=[record.pk])
    )
    choices = {str(value) for value, _ in response.context["form"].fields["user"].choices if value}
    assert str(attendee.pk) in choices


def test_system_written_rows_keep_their_source_key_out_of_the_form(client, lead_trainer):
    client.force_login(lead_trainer)
    response = client.get(reverse("wagtailsnippets_modules_moduleinvolvement:add"))
    assert "source_key" not in response.context["form"].fields
    assert ModuleInvolvement._meta.get_field("source_key").unique
