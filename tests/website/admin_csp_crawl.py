"""Crawl the Wagtail admin in headless Chromium as one user and list every Content Security Policy
violation the pages cause, grouped by directive and the first words of the blocked code.

Point it at a running Alongside with the demo loaded (`runserver`, or gunicorn with production settings).
By default it reports what the real policy blocks (the answer should be "0 violations"). With `--strict`
it also adds a report-only policy of `script-src 'self'; style-src 'self'` to every admin page, which
lists every inline script, handler and style the admin uses: how the shapes in `website/admin_csp.py`
were found. Pages that only change something (delete, unpublish, move...) are never opened; pages that
differ only by ids are sampled (two per shape).

    python tests/website/admin_csp_crawl.py --base http://127.0.0.1:8000 --user admin [--strict] [--limit 300]
"""

import argparse
import re
import sys
from collections import Counter, deque
from urllib.parse import urldefrag, urljoin, urlsplit

STRICT = "script-src 'self' 'report-sample'; style-src 'self' 'report-sample'"
SKIP = re.compile(
    r"(logout|sign-out|/admin/login|/account/login|password_reset|/export|\.csv$|\.xlsx$|[?&]export=|"
    r"/delete/|/unpublish/|/copy/|/move/|/lock/|/unlock/|/revert|/documents/.+|/media/|/static/|"
    r"preview|/workflow/)"
)
LISTEN = """document.addEventListener("securitypolicyviolation", e => window.__cspReport({
    directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample || ""}))"""


def shape(path: str) -> str:
    path, _sep, query = path.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"/[0-9a-f-]{8,}|/\d+", "/N", path) + ("?" + "&".join(keys) if keys else "")


def crawl(base: str, user: str, password: str, limit: int, strict: bool) -> tuple[int, list[dict]]:
    from playwright.sync_api import sync_playwright

    violations: list[dict] = []
    current = {"path": None}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        context = browser.new_context(base_url=base)
        if strict:

            def add_strict_policy(route):
                response = route.fetch()
                headers = dict(response.headers)
                if "text/html" in headers.get("content-type", ""):
                    headers["content-security-policy-report-only"] = STRICT
                route.fulfill(response=response, headers=headers)

            context.route("**/admin/**", add_strict_policy)
        page = context.new_page()
        page.expose_function(
            "__cspReport", lambda found: violations.append({**found, "page": current["path"]})
        )
        page.add_init_script(LISTEN)
        page.goto("/account/login/")
        page.fill("#id_username", user)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        seen, shapes, queue, count = set(), Counter(), deque(["/admin/"]), 0
        while queue and count < limit:
            path = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            count += 1
            current["path"] = path
            response = page.goto(path, wait_until="load")
            page.wait_for_timeout(150)
            if not response or response.status >= 400 or "/admin/" not in page.url:
                continue
            for href in page.eval_on_selector_all(
                "a[href]", "els => els.map(e => e.getAttribute('href'))"
            ):
                parts = urlsplit(urldefrag(urljoin(base + path, href))[0])
                if parts.netloc != urlsplit(base).netloc or not parts.path.startswith("/admin/"):
                    continue
                link = parts.path + ("?" + parts.query if parts.query else "")
                if SKIP.search(link) or link in seen or shapes[shape(link)] >= 2:
                    continue
                shapes[shape(link)] += 1
                queue.append(link)
        browser.close()
    return count, violations


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="alongside-demo")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    pages, violations = crawl(args.base, args.user, args.password, args.limit, args.strict)
    groups = Counter((v["directive"], v["sample"][:50]) for v in violations)
    first_page = {}
    for v in violations:
        first_page.setdefault((v["directive"], v["sample"][:50]), v["page"])
    print(f"{args.user}: {pages} admin pages, {len(violations)} CSP violations")
    for (directive, sample), count in groups.most_common():
        print(f"{count:5} {directive:18} {sample!r} (first on {first_page[(directive, sample)]})")
    return 1 if violations and not args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
