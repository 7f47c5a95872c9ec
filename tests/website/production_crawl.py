"""Crawl a running Alongside as each role and report every answer of 500 (or any 5xx).

Pure HTTP, no Django: point it at a server started with production settings (DEBUG off, manifest static
files after collectstatic, whitenoise, gunicorn). Each role signs in through the site's form and follows
every same-site link from the home page, its own page and (for admin users) the admin menu, breadth
first. Pages that differ only by ids or query strings are sampled (a few per shape), so a large demo is
covered without crawling every row of every listing. Exit status 1 when any page answered 5xx.

    python tests/website/production_crawl.py --base http://127.0.0.1:8000 --password alongside-demo \\
        anonymous attendee cotrainer resident-cotrainer lead coordinator sponsor admin
"""

import argparse
import re
import sys
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import requests

# Links whose GET changes something or ends the session; never followed.
SKIP = re.compile(
    r"(logout|sign-out|/admin/login|/account/login|password_reset|/export|\.csv$|\.xlsx$|"
    r"[?&]export=|/admin/bulk/|/documents/.+|/media/|/static/|/admin/pages/\d+/(revisions|workflow)/|"
    r"preview_on_|/admin/.*/preview/|/admin/reports/site-history/.*\?)"
)
PER_SHAPE = 3


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.csrf = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.csrf = attrs.get("value")


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def shape(path: str) -> str:
    path, _sep, query = path.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"/[0-9a-f-]{8,}|/\d+", "/N", path) + ("?" + "&".join(keys) if keys else "")


class Browser:
    """A requests session that keeps Secure cookies over plain HTTP (the proxy says HTTPS)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.http = requests.Session()
        self.http.headers["X-Forwarded-Proto"] = "https"

    def get(self, path: str) -> requests.Response:
        response = self.http.get(self.base + path, allow_redirects=False, timeout=120)
        for cookie in self.http.cookies:
            cookie.secure = False
        return response

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/account/login/")
        form = parse(page.text)
        response = self.http.post(
            self.base + "/account/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": form.csrf or "",
            },
            headers={"Referer": "https://" + urlsplit(self.base).netloc + "/account/login/"},
            allow_redirects=False,
            timeout=60,
        )
        for cookie in self.http.cookies:
            cookie.secure = False
        if response.status_code != 302:
            raise SystemExit(f"{username} could not sign in ({response.status_code}).")


def crawl(browser: Browser, starts: list[str], limit: int) -> dict:
    host = urlsplit(browser.base).netloc
    queue = deque(starts)
    seen, shapes, answers = set(starts), Counter(), {}
    while queue and len(answers) < limit:
        path = queue.popleft()
        response = browser.get(path)
        answers[path] = response.status_code
        if response.is_redirect:
            target = urlsplit(urljoin(browser.base + path, response.headers["Location"]))
            candidates = [target.path + (f"?{target.query}" if target.query else "")]
            if target.netloc not in {host, ""}:
                candidates = []
        elif "text/html" in response.headers.get("Content-Type", ""):
            candidates = []
            for href in parse(response.text).links:
                url = urlsplit(urljoin(browser.base + path, urldefrag(href)[0]))
                if url.scheme in {"http", "https"} and url.netloc == host:
                    candidates.append(url.path + (f"?{url.query}" if url.query else ""))
        else:
            candidates = []
        for candidate in candidates:
            if candidate in seen or SKIP.search(candidate):
                continue
            seen.add(candidate)
            if shapes[shape(candidate)] >= PER_SHAPE:
                continue
            shapes[shape(candidate)] += 1
            queue.append(candidate)
    return answers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--password", default="alongside-demo")
    parser.add_argument("--limit", type=int, default=400, help="pages per role at most")
    parser.add_argument(
        "--also", action="append", default=[], help="a path anonymous also starts from (a card)"
    )
    parser.add_argument("roles", nargs="+", help="usernames, or 'anonymous'")
    args = parser.parse_args(argv)
    broken = []
    for role in args.roles:
        browser = Browser(args.base)
        starts = ["/"]
        if role == "anonymous":
            starts += args.also
        else:
            browser.sign_in(role, args.password)
            starts += ["/account/me/", "/admin/"]
        answers = crawl(browser, starts, args.limit)
        counts = Counter(answers.values())
        errors = sorted(path for path, status in answers.items() if status >= 500)
        missing = sorted(path for path, status in answers.items() if status == 404)
        print(
            f"{role}: {len(answers)} pages, "
            + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        )
        for path in errors:
            print(f"  {answers[path]} {path}")
        for path in missing[:10]:
            print(f"  404 {path}")
        broken += errors
    print(f"Pages answering 5xx: {len(broken)}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
