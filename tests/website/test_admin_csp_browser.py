"""Every kind of admin page runs in Chromium under the admin's policy with no CSP violation: date and time
widgets, page/image/task choosers, inline panels (including a child added from its template), the rich
text editor, the image focal-point tool and a chooser modal. The pages were chosen from a crawl of every
admin page of the demo as the superuser (docs/architecture.md, "Content Security Policy")."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Workflow

from demo.pictograms import render_png
from modules.models import ModuleIndexPage
from tests.browser import login_in_browser
from tests.factories import UserFactory
from tests.modules.conftest import build_module
from website.models import HomePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LISTEN = """document.addEventListener("securitypolicyviolation", e => window.__cspViolation(
    `${e.violatedDirective} ${e.blockedURI} ${(e.sample || "").slice(0, 60)}`))"""


def test_admin_pages_run_without_a_csp_violation(page, live_server, lead_trainer):
    picture = get_image_model()(title="Test picture")
    picture.file = ImageFile(BytesIO(render_png("Easy read: together")), name="together.png")
    picture.save()
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    module = build_module(index=ModuleIndexPage.objects.get(), picture=picture, lead=lead_trainer)
    home = HomePage.objects.get()
    workflow = Workflow.objects.first()
    coordinators = Group.objects.get(name="Coordinators")
    violations = []
    page.expose_function("__cspViolation", lambda text: violations.append(f"{page.url}: {text}"))
    page.add_init_script(LISTEN)
    login_in_browser(page, admin.username)

    pages = [
        "/admin/",
        f"/admin/pages/{home.pk}/edit/",  # rich text, go-live date-time widgets
        f"/admin/pages/{module.pk}/edit/",  # stream fields, choosers, inline panels
        "/admin/snippets/modules/moduleidea/add/",  # page chooser
        "/admin/shifts/",  # date filter
        "/admin/reports/site-history/",  # date range filter
        "/admin/users/",
        f"/admin/groups/edit/{coordinators.pk}/",  # page permissions inline panel
        f"/admin/images/{picture.pk}/",  # focal point tool (Jcrop)
        "/admin/roster/import/",
    ]
    if workflow is not None:
        pages.append(f"/admin/workflows/edit/{workflow.pk}/")  # task chooser
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert not violations, "CSP violations:\n" + "\n".join(violations)

    # An inline panel's "Add" clones its template, whose scripts must carry the nonce too.
    page.goto("/admin/workflows/add/")
    page.locator("#id_pages-ADD").click()
    page.locator("#id_pages-1-page-chooser, [id^='id_pages-'][id$='-page']").first.wait_for(
        state="attached"
    )
    # A chooser modal loads its HTML (and any script in it) after the page.
    page.goto("/admin/snippets/modules/moduleidea/add/")
    page.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal-content").first.wait_for()
    page.wait_for_load_state("networkidle")

    assert not violations, "CSP violations:\n" + "\n".join(violations)
