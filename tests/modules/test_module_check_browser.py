"""The plain-words "Lived-experience check" in a real browser, by keyboard only: a resident co-trainer
finds a change waiting for their check on My modules, reads it as it will read, is told to write a
comment when they ask for changes without one, then says "This is fine". axe-core at 1280 and 320 px
on each page."""

import re

import pytest
from wagtail.models import WorkflowState

from modules.models import ModuleIndexPage
from modules.sections import sections_of
from modules.services.suggestions import suggestion_rewrite_section
from tests.browser import login_in_browser
from tests.modules.conftest import build_module
from tests.modules.factories import resident_co_trainer
from tests.modules.test_module_writing_browser import _check_page, _press

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_WORDS = "We write the plan with you. You choose who sits with you."


def test_a_resident_checks_a_change_in_plain_words(page, live_server, picture, lead_trainer):
    index = ModuleIndexPage.objects.get()
    index.lived_experience_check = True
    index.save_revision().publish()
    module = build_module(index=index, picture=picture, lead=lead_trainer)
    author, checker = resident_co_trainer("casey"), resident_co_trainer("robin")
    section = sections_of(module)[0]
    suggestion_rewrite_section(
        page=module,
        user=author,
        block_id=section.id,
        data={"heading": "Body heading", "text": NEW_WORDS},
        send=True,
    )

    login_in_browser(page, checker.username)
    page.goto("/modules-tools/write/")
    assert "Waiting for your check" in page.content() and "Changed by Casey." in page.content()
    _check_page(page)
    _press(page, page.get_by_role("link", name=re.compile(rf"^Check it\s*:\s*{module.title}$")))
    assert page.locator("h1").text_content().strip() == f"Check a change: {module.title}"
    assert NEW_WORDS in page.content()
    for jargon in ("workflow", "moderation", "revision", "reject"):
        assert jargon not in page.locator("main").inner_text().lower()
    _check_page(page)

    # "Ask for changes" with no comment: a clear message, nothing changes.
    _press(page, page.get_by_role("button", name="Ask for changes"))
    assert "Write what should change" in page.locator("#form-errors").text_content()
    _check_page(page)

    # "This is fine", by keyboard: the change goes on to the lead trainer.
    page.get_by_label("Your comment").focus()
    page.keyboard.type("Clear and kind.")
    _press(page, page.get_by_role("button", name="This is fine"))
    assert "You said this is fine." in page.content()
    assert "Nothing is waiting for your check." in page.content()
    _check_page(page)
    state = WorkflowState.objects.for_instance(module).get()
    assert state.current_task_state.task.name == "Lead trainer approval"
