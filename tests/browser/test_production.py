"""What production serves looks right: the design system applies, the console
shows no error and no request for the site's own files fails.

The server is the production configuration (conftest: gunicorn, DEBUG off,
files collected by the compressed manifest storage). These tests fail when
the browser refuses the design system's files, as it did when django-dsfr's
fixed integrity checksums no longer matched the collected files.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.conftest import watch_csp

pytestmark = pytest.mark.browser

# Addresses of the site map that are not pages a browser shows.
NOT_PAGES = re.compile(r"^/(static|media)/|/feed/|\.(ics|csv|json|xml|xlsx)$")


class Visit:
    """One page load: its console errors and the own-origin requests that failed."""

    def __init__(self, browser, live_url):
        self.live_url = live_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.csp = watch_csp(self.page)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"{self.page.url}: {e}"))
        self.page.on("response", self._response)
        self.page.on("requestfailed", lambda r: self._own(r.url) and self.failed.append(r.url))

    def _console(self, message) -> None:
        # A failed load is judged by its response below: the site's own files
        # must load; the document's own status is the test's to check, and a
        # picture on another site may be out of this machine's reach.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"{self.page.url}: {message.text}")

    def _own(self, url: str) -> bool:
        return url.startswith(self.live_url)

    def _response(self, response) -> None:
        is_document = response.request.resource_type == "document"
        if self._own(response.url) and response.status >= 400 and not is_document:
            self.failed.append(f"{response.status} {response.url}")

    def open(self, path: str, *, status: int = 200):
        response = self.page.goto(urljoin(self.live_url, path))
        self.page.wait_for_load_state("networkidle")
        assert response.status == status, f"{path} answered {response.status}"
        return self.page

    def assert_styled(self) -> None:
        page = self.page
        font = page.evaluate("getComputedStyle(document.querySelector('header')).fontFamily")
        assert font.split(",")[0].strip("\"'") == "Marianne", f"{page.url}: header font {font}"
        # the design system's own rules apply (its buttons' colour, its grid)
        container = page.evaluate(
            "getComputedStyle(document.querySelector('.fr-container')).maxWidth"
        )
        assert container != "none", f"{page.url}: .fr-container has no DSFR width"
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)
        assert not self.failed, "own files that failed:\n" + "\n".join(self.failed)
        assert not self.csp, "CSP violations:\n" + "\n".join(self.csp)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, live_url):
    opened = []

    def make() -> Visit:
        opened.append(Visit(browser, live_url))
        return opened[-1]

    yield make
    for item in opened:
        item.close()


def test_the_design_system_files_carry_checksums_of_what_is_served(visit, live_url):
    """Every stylesheet and script of the design system is checked by the
    browser (an integrity attribute), and the browser accepts it."""
    v = visit()
    page = v.open("/")
    checked = page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet][integrity], script[integrity]')]"
        ".map(e => e.href || e.src)"
    )
    assert any("dsfr.min." in url and url.endswith(".css") for url in checked), checked
    assert any("utility.min." in url for url in checked), checked
    assert any(url.endswith(".module.min.js") or "module" in url for url in checked), checked
    # the manifest storage's hashed names: these are the collected files
    assert all(re.search(r"\.[0-9a-f]{12}\.(css|js)$", url) for url in checked), checked
    v.assert_styled()


def _site_map_pages(visit) -> list[str]:
    v = visit()
    page = v.open("/plan-du-site/")
    hrefs = page.evaluate("[...document.querySelectorAll('main a[href]')].map(a => a.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if not href.startswith(v.live_url) or NOT_PAGES.search(parts.path):
            continue
        if parts.path not in paths:
            paths.append(parts.path)
    return paths


def _first_link(visit, path: str, selector: str) -> str:
    page = visit().open(path)
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"no link {selector} on {path}"
    return href


def test_every_public_page_is_styled_with_no_console_error(visit):
    paths = _site_map_pages(visit)
    assert "/defis/" in paths and "/mentions-legales/" in paths, paths
    assert len(paths) >= 15, paths
    paths += [
        _first_link(visit, "/defis/", "main .fr-card a"),
        _first_link(visit, "/actualites/", "main .fr-card a"),
        _first_link(visit, "/evenements/", "main .fr-card a, main .fr-tile a"),
        _first_link(visit, "/eig/", "main .fr-card a, main .fr-tile a"),
        "/en/",
        "/en/defis/",
    ]
    for path in paths:
        v = visit()
        v.open(path)
        v.assert_styled()
        v.close()


@pytest.mark.parametrize(
    "path",
    [
        "/compte/connexion/",
        "/compte/inscription/",
        "/compte/mot-de-passe/",
        "/defis/?q=securite",
    ],
)
def test_forms_are_styled(visit, path):
    v = visit()
    page = v.open(path)
    assert page.locator("main form").count() >= 1
    v.assert_styled()


def test_a_missing_page_is_a_styled_french_404(visit):
    v = visit()
    page = v.open("/cette-page-n-existe-pas/", status=404)
    assert page.locator("h1").inner_text().strip() == "Page non trouvée"
    assert page.locator("main a[href='/']").count() >= 1
    v.assert_styled()
