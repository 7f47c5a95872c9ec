import pytest
from django.contrib.auth.models import Group

from modules.models import ModuleIndexPage, ModuleMaterialPage, TrainingModulePage
from tests.factories import PersonFactory, UserFactory
from tests.modules.conftest import build_module
from website.models import HomePage

pytestmark = pytest.mark.django_db


def test_page_type_rules():
    assert ModuleIndexPage.parent_page_types == ["website.HomePage"]
    assert TrainingModulePage.parent_page_types == ["modules.ModuleIndexPage"]
    assert ModuleMaterialPage.parent_page_types == ["modules.TrainingModulePage"]
    assert ModuleIndexPage.can_create_at(HomePage.objects.get()) is False  # max_count = 1, exists
    assert TrainingModulePage.can_exist_under(ModuleIndexPage.objects.get())
    assert not TrainingModulePage.can_exist_under(HomePage.objects.get())
    assert ModuleMaterialPage.allowed_parent_page_models() == [TrainingModulePage]
    assert TrainingModulePage.allowed_subpage_models() == [ModuleMaterialPage]
    assert ModuleMaterialPage.allowed_subpage_models() == []


def test_module_index_is_at_modules_and_lists_only_published_modules(
    client, module_index, module_page, picture
):
    build_module(
        index=module_index, picture=picture, title="Unpublished idea", slug="draft", publish=False
    )
    assert module_index.url == "/modules/"
    response = client.get("/modules/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sharing the plan" in html
    assert "How we share a plan" in html
    assert "90 minutes" in html
    assert "Staff and residents together" in html
    assert "Unpublished idea" not in html


def test_anonymous_visitor_sees_module_without_trainer_notes(client, module_page):
    response = client.get(module_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Standard body text." in html
    assert "What makes a plan fair?" in html
    assert "Secret trainer preparation." not in html
    assert "Trainer notes" not in html


@pytest.mark.parametrize("fixture_name", ["lead_trainer", "co_trainer"])
def test_trainers_see_trainer_notes(client, module_page, request, fixture_name):
    client.force_login(request.getfixturevalue(fixture_name))
    html = client.get(module_page.url).content.decode()
    assert "Secret trainer preparation." in html


@pytest.mark.parametrize("fixture_name", ["attendee", "coordinator"])
def test_other_roles_do_not_see_trainer_notes(client, module_page, request, fixture_name):
    client.force_login(request.getfixturevalue(fixture_name))
    html = client.get(module_page.url).content.decode()
    assert "Secret trainer preparation." not in html


def test_easy_read_toggle_switches_and_is_remembered(client, module_page):
    standard = client.get(module_page.url).content.decode()
    assert "Standard body text." in standard
    assert "Easy words here." not in standard
    assert 'href="?view=easy"' in standard

    easy = client.get(module_page.url + "?view=easy").content.decode()
    assert "Easy words here." in easy
    assert "Standard body text." not in easy
    assert 'href="?view=easy" aria-current="page"' in easy

    remembered = client.get(module_page.url).content.decode()
    assert "Easy words here." in remembered

    back = client.get(module_page.url + "?view=standard").content.decode()
    assert "Standard body text." in back
    assert "Standard body text." in client.get(module_page.url).content.decode()


def test_unknown_view_value_is_ignored(client, module_page):
    html = client.get(module_page.url + "?view=<script>").content.decode()
    assert "Standard body text." in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_easy_read_is_shown_first_to_people_who_need_it(client, module_page):
    user = UserFactory(username="easy-reader")
    user.groups.add(Group.objects.get(name="Attendees"))
    PersonFactory(user=user, communication_needs=["easy_read"])
    client.force_login(user)
    html = client.get(module_page.url).content.decode()
    assert "Easy words here." in html
    assert "Standard body text." not in html
    # The person can still choose the standard version.
    assert "Standard body text." in client.get(module_page.url + "?view=standard").content.decode()


def test_people_without_an_easy_read_need_get_the_standard_view_first(
    client, module_page, attendee
):
    PersonFactory(user=attendee, communication_needs=[])
    client.force_login(attendee)
    assert "Standard body text." in client.get(module_page.url).content.decode()


def test_credits_shown_unless_the_person_chose_not_to_be_named(client, module_page):
    html = client.get(module_page.url).content.decode()
    assert "Named Writer" in html
    assert "co-trainer with lived experience" in html
    assert "Quiet Writer" not in html
    assert "1 more person, who chose not to be named" in html


def test_agenda_shows_running_times_and_total(client, module_page):
    html = client.get(module_page.url).content.decode()
    assert "0 to 30" in html
    assert "30 to 90" in html
    assert "Working part" in html
    assert module_page.agenda_total_minutes == 90
    assert module_page.agenda_matches_length


def test_agenda_that_does_not_add_up_warns_trainers_only(
    client, module_index, picture, lead_trainer
):
    page = build_module(
        index=module_index,
        picture=picture,
        slug="short-agenda",
        agenda=[("agenda_item", {"minutes": 70, "title": "Only part", "led_by": "both"})],
    )
    assert page.agenda_total_minutes == 70
    assert not page.agenda_matches_length
    assert "Check the agenda" not in client.get(page.url).content.decode()
    client.force_login(lead_trainer)
    html = client.get(page.url).content.decode()
    assert "Check the agenda" in html
    assert "it adds up to 70 minutes, but the module is 90 minutes long" in html


def test_agenda_warning_panel_in_the_admin_editor(client, module_index, picture, lead_trainer):
    page = build_module(
        index=module_index,
        picture=picture,
        slug="long-agenda",
        agenda=[("agenda_item", {"minutes": 100, "title": "Too long", "led_by": "both"})],
    )
    client.force_login(lead_trainer)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "The saved agenda adds up to 100 minutes" in html
    assert "10 minutes longer than the module length of 90 minutes" in html


def test_material_page_under_a_module(client, module_page, picture, co_trainer):
    material = ModuleMaterialPage(
        title="Extra activity",
        slug="extra-activity",
        summary="An extra activity.",
        body=[("talk_together", {"question": "Extra question?", "guidance": "", "minutes": 5})],
        easy_read=[("easy_read_point", {"image": picture, "text": "Extra easy.", "alt_text": ""})],
        trainer_notes="<p>Material notes.</p>",
    )
    module_page.add_child(instance=material)
    assert "Extra activity" in client.get(module_page.url).content.decode()
    html = client.get(material.url).content.decode()
    assert "Extra question?" in html
    assert "Material notes." not in html
    assert "Extra easy." in client.get(material.url + "?view=easy").content.decode()
    client.force_login(co_trainer)
    assert "Material notes." in client.get(material.url).content.decode()


def test_trainer_notes_and_reflections_stay_out_of_the_search_index():
    indexed = {field.field_name for field in TrainingModulePage.search_fields}
    assert "trainer_notes" not in indexed
    assert "reflection_questions" not in indexed
