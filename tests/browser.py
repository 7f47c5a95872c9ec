"""Helpers for browser tests: sign in through the real form, and run axe-core at WCAG 2.2 AA."""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def login_in_browser(page, username: str, password: str = "password") -> None:
    page.goto("/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


# Wagtail's admin messages fade in (opacity 0 -> 1 over half a second): axe measuring colour contrast
# mid-fade sees pale text and reports a violation that no reader ever sees. Wait for the page to settle.
SETTLED = """() => document.getAnimations().every(a => a.playState !== "running")
    && [...document.querySelectorAll(".messages > ul")].every(e => getComputedStyle(e).opacity === "1")"""


def _settle(page) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(SETTLED, timeout=5000)
    except PlaywrightTimeout:
        pass  # an endless animation (a spinner): axe judges the page as it stands


def axe_violations(page) -> list[dict]:
    """Run axe-core (shipped inside axe-playwright-python) at WCAG 2.2 AA and return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    _settle(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return results.response["violations"]


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    summary = [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in violations
    ]
    assert not violations, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(summary)
