"""What each role gets from each of modules's URLs (see tests/website/url_matrix.py)."""

from tests.website.url_matrix import LOGIN, Expect, everyone_signed_in, only  # noqa: F401

EXPECTED: dict[str, Expect] = {
    "wagtailsnippets_modules_moduleidea:list": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/
    "wagtailsnippets_modules_moduleidea:list_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/results/
    "wagtailsnippets_modules_moduleidea:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=302,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/add/
    "wagtailsnippets_modules_moduleidea:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/edit/<int:pk>/
    "wagtailsnippets_modules_moduleidea:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/delete/<int:pk>/
    "wagtailsnippets_modules_moduleidea:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/usage/<int:pk>/
    "wagtailsnippets_modules_moduleidea:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/history/<int:pk>/
    "wagtailsnippets_modules_moduleidea:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/history-results/<int:pk>/
    "wagtailsnippets_modules_moduleidea:copy": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleidea/copy/<int:pk>/
    "wagtailsnippetchoosers_modules_moduleidea:choose": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleidea/
    "wagtailsnippetchoosers_modules_moduleidea:choose_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleidea/results/
    "wagtailsnippetchoosers_modules_moduleidea:chosen": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleidea/chosen/<str:pk>/
    "wagtailsnippetchoosers_modules_moduleidea:chosen_multiple": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleidea/chosen-multiple/
    "wagtailsnippetchoosers_modules_moduleidea:create": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=302,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleidea/create/
    "wagtailsnippets_modules_moduleinvolvement:list": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=302,
        resident=302,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/
    "wagtailsnippets_modules_moduleinvolvement:list_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=302,
        resident=302,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/results/
    "wagtailsnippets_modules_moduleinvolvement:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=302,
        resident=302,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/add/
    "wagtailsnippets_modules_moduleinvolvement:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/edit/<int:pk>/
    "wagtailsnippets_modules_moduleinvolvement:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/delete/<int:pk>/
    "wagtailsnippets_modules_moduleinvolvement:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/usage/<int:pk>/
    "wagtailsnippets_modules_moduleinvolvement:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/history/<int:pk>/
    "wagtailsnippets_modules_moduleinvolvement:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/history-results/<int:pk>/
    "wagtailsnippets_modules_moduleinvolvement:copy": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/modules/moduleinvolvement/copy/<int:pk>/
    "wagtailsnippetchoosers_modules_moduleinvolvement:choose": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleinvolvement/
    "wagtailsnippetchoosers_modules_moduleinvolvement:choose_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleinvolvement/results/
    "wagtailsnippetchoosers_modules_moduleinvolvement:chosen": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleinvolvement/chosen/<str:pk>/
    "wagtailsnippetchoosers_modules_moduleinvolvement:chosen_multiple": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleinvolvement/chosen-multiple/
    "wagtailsnippetchoosers_modules_moduleinvolvement:create": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=302,
        resident=302,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # admin/snippets/choose/modules/moduleinvolvement/create/
    "modules:idea_start_draft": Expect(
        anonymous="login",
        attendee=405,
        cotrainer=405,
        resident=405,
        lead=405,
        coordinator=405,
        sponsor=405,
    ),  # modules-tools/ideas/<int:pk>/start-draft/
    "modules:involvement_csv": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # modules-tools/involvement.csv
    "modules:write_home": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=403,
        sponsor=403,
    ),  # modules-tools/write/
    "modules:write_sections": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=403,
        sponsor=403,
    ),  # modules-tools/write/<int:page_id>/
    "modules:write_rewrite": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=403,
        sponsor=403,
    ),  # modules-tools/write/<int:page_id>/part/<str:block_id>/
    "modules:write_easy_read": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=403,
        sponsor=403,
    ),  # modules-tools/write/<int:page_id>/easy-read/
    "modules:write_new_activity": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=403,
        sponsor=403,
    ),  # modules-tools/write/<int:page_id>/new-activity/
    "modules:write_send": Expect(
        anonymous="login",
        attendee=405,
        cotrainer=405,
        resident=405,
        lead=405,
        coordinator=405,
        sponsor=405,
    ),  # modules-tools/write/<int:page_id>/send/
    "modules:write_take_back": Expect(
        anonymous="login",
        attendee=405,
        cotrainer=405,
        resident=405,
        lead=405,
        coordinator=405,
        sponsor=405,
    ),  # modules-tools/write/<int:page_id>/take-back/
    "modules:write_check": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=302,
        lead=403,
        coordinator=403,
        sponsor=403,
    ),  # modules-tools/write/check/<int:page_id>/ (the module is not at the check: back to My modules)
    "modules:write_credit": Expect(
        anonymous="login",
        attendee=405,
        cotrainer=405,
        resident=405,
        lead=405,
        coordinator=405,
        sponsor=405,
    ),  # modules-tools/write/credit/<int:offer_id>/
}
