"""Helpers for browser tests: sign in through the real form, and run axe-core at WCAG 2.2 AA."""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def login_in_browser(page, username: str, password: str = "password") -> None:
    page.goto("/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core (shipped inside axe-playwright-python) at WCAG 2.2 AA and return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return results.response["violations"]


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    summary = [
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in violations
    ]
    assert not violations, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(summary)
