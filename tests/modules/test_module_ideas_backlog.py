import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from modules.models import ModuleIdea, TrainingModulePage
from modules.services import module_idea_create

pytestmark = pytest.mark.django_db


def test_module_idea_create_is_the_contract_for_reflections():
    idea = module_idea_create(
        title="  Talking after an incident  ",
        description="People want to know what changes afterwards.",
        raised_by="",
        source="reflection",
    )
    assert idea.pk and idea.title == "Talking after an incident"
    assert idea.status == ModuleIdea.Status.NEW
    assert idea.source == ModuleIdea.Source.REFLECTION


def test_module_idea_create_keeps_long_words_rather_than_losing_them():
    idea = module_idea_create(title="x" * 500, description="y" * 5000, raised_by="", source="other")
    assert len(idea.title) == 160 and len(idea.description) == 2000


@pytest.mark.parametrize(("title", "source"), [("", "other"), ("Fine", "gossip")])
def test_module_idea_create_refuses_bad_input(title, source):
    with pytest.raises(ValidationError):
        module_idea_create(title=title, description="", raised_by="", source=source)


def test_ideas_listing_has_filters_and_a_start_draft_button(client, co_trainer):
    module_idea_create(title="Idea one", description="", raised_by="Birch", source="ward_meeting")
    client.force_login(co_trainer)
    response = client.get("/admin/snippets/modules/moduleidea/?status=new")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Idea one" in html
    assert "Start a module draft" in html
    assert 'name="status"' in html and 'name="source"' in html


def test_co_trainer_turns_an_idea_into_a_draft_in_one_step(client, co_trainer, module_index):
    idea = module_idea_create(
        title="Using the easy-read plan at ward rounds",
        description="Residents want the easy-read plan on the table.\nAnd read out.",
        raised_by="Jordan",
        source="co_trainer",
    )
    client.force_login(co_trainer)
    response = client.post(reverse("modules:idea_start_draft", args=[idea.pk]))
    draft = TrainingModulePage.objects.get(title=idea.title)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert draft.get_parent().pk == module_index.pk
    assert not draft.live
    assert draft.owner == co_trainer
    assert draft.summary.startswith("Residents want the easy-read plan")
    assert "<p>And read out.</p>" in draft.body[0].value.source
    idea.refresh_from_db()
    assert idea.answered_by_id == draft.pk
    assert idea.status == ModuleIdea.Status.IN_PROGRESS
    # The editor opens on the new draft.
    assert client.get(response["Location"]).status_code == 200

    # A second click does not make a second draft.
    again = client.post(reverse("modules:idea_start_draft", args=[idea.pk]))
    assert again["Location"] == response["Location"]
    assert TrainingModulePage.objects.filter(title=idea.title).count() == 1


def test_start_draft_needs_post_and_the_right_role(client, attendee, coordinator):
    idea = module_idea_create(title="An idea", description="", raised_by="", source="other")
    url = reverse("modules:idea_start_draft", args=[idea.pk])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(coordinator)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    client.force_login(attendee)
    assert client.post(url).status_code == 403
    assert not TrainingModulePage.objects.filter(title="An idea").exists()


def test_two_ideas_with_the_same_title_get_different_slugs(client, lead_trainer):
    first = module_idea_create(title="Same title", description="", raised_by="", source="other")
    second = module_idea_create(title="Same title", description="", raised_by="", source="other")
    client.force_login(lead_trainer)
    client.post(reverse("modules:idea_start_draft", args=[first.pk]))
    client.post(reverse("modules:idea_start_draft", args=[second.pk]))
    slugs = set(
        TrainingModulePage.objects.filter(title="Same title").values_list("slug", flat=True)
    )
    assert len(slugs) == 2


def test_co_trainer_adds_an_idea_in_the_admin(client, co_trainer):
    client.force_login(co_trainer)
    add_url = reverse("wagtailsnippets_modules_moduleidea:add")
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {
            "title": "Night-time routines",
            "description": "Talk about what helps at night.",
            "raised_by": "Hazel ward",
            "source": "ward_meeting",
            "status": "new",
            "answered_by": "",
        },
    )
    assert response.status_code == 302
    assert ModuleIdea.objects.get().title == "Night-time routines"
