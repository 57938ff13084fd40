"""Accessibility proven on every page of the site (RGAA, issue 19).

The pages are the URL patterns of the site, found by walking the URL
configuration as the permission matrix does (tests/security/): a new pattern
is visited, or listed in NOT_VISITED with the reason, or this test fails.
Each pattern is visited once, as a role the matrix says sees it (200), with
the objects of the matrix's world made in the server's database
(tests/browser/accessibility_world.py); public pages with the demo data's
first défi, post, event, cohort, EIG….

Each page, at 1280 and 375 px, and public pages in French and in English:
axe-core reports no violation of any impact, nothing is wider than the
window, every icon-only button or link has an accessible name. One browser
context per role; all the pages of a role are checked before the test fails,
so that one run lists everything to fix.
"""

import json
import time

import pytest
from django.urls import get_resolver

from tests.browser.conftest import VIEWPORTS, make_manage, make_server_env, serve, watch_csp
from tests.security.test_permission_matrix import site_patterns

pytestmark = pytest.mark.browser

PASSWORD = "Accessible-mot-de-passe-2026"

ADMIN = "Django's own administration (superusers only), not part of the site's interface"
DOWNLOAD = "a download (file), not a page"
FEED = "a feed or calendar, not a page"
API = "the REST API: JSON, not a page"
REDIRECT = "answers a redirect (or an error) to everyone: no page of its own"
POST = "POST-only action: no page of its own (its form is checked on the page that holds it)"

# Patterns not visited, each with the reason.
NOT_VISITED = {
    # Answers that are not HTML pages.
    "applications:staff_export_csv": DOWNLOAD,
    "applications:staff_export_xlsx": DOWNLOAD,
    "applications:document": DOWNLOAD,
    "applications:data_export": DOWNLOAD,
    "auditions:candidate_ics": DOWNLOAD,
    "auditions:panel_ics": DOWNLOAD,
    "events:staff_attendees_csv": DOWNLOAD,
    "mail:attachment": DOWNLOAD,
    "mail:html": "an e-mail's own HTML, shown framed in its page (mail:detail)",
    "proposals:staff_call_csv": DOWNLOAD,
    "opendata:datapackage": DOWNLOAD,
    "opendata:schema": DOWNLOAD,
    "opendata:csv": DOWNLOAD,
    "opendata:json": DOWNLOAD,
    "opendata:news_feed": FEED,
    "opendata:events_ics": FEED,
    "opendata:event_ics": FEED,
    "core:robots": "robots.txt, plain text",
    "core:healthz": "the health check, plain text",
    "core:sitemap": "XML sitemap (the page site map is content:site_map)",
    "core:sitemap_section": "XML sitemap (the page site map is content:site_map)",
    "api:root": API,
    "api:openapi": API,
    "api:docs": "the API's generated documentation (third-party interface)",
    "api:cohort-list": API,
    "api:cohort-detail": API,
    "api:challenge-list": API,
    "api:challenge-detail": API,
    "api:organization-list": API,
    "api:organization-detail": API,
    "api:fellow-list": API,
    "api:fellow-detail": API,
    "api:post-list": API,
    "api:post-detail": API,
    "api:event-list": API,
    "api:event-detail": API,
    "api:not-found": API,
    # Redirects for everyone.
    "accounts:confirm_email": REDIRECT,
    "accounts:email_change_confirm": REDIRECT,
    "accounts:invitation_accept": REDIRECT,
    "core:legacy": REDIRECT,
    "core:^(?P<path>blog)/$": REDIRECT,
    "^media/(?P<path>.*)$": "uploaded files, as downloads",
    # POST-only actions.
    "set_language": POST,
    "gestion:markdown_preview": "POST only: the HTML fragment of a Markdown field's live preview",
    "accounts:logout": POST,
    "accounts:role_verify": POST,
    "applications:start": POST,
    "applications:submit": POST,
    "applications:staff_transition": POST,
    "auditions:staff_slot_delete": POST,
    "auditions:staff_call_next": POST,
    "auditions:staff_waiting_move": POST,
    "auditions:staff_invite": POST,
    "cohortlife:fellow_tick": POST,
    "cohortlife:fellow_profile": POST,
    "cohortlife:staff_onboarding_open": POST,
    "cohortlife:staff_checklist_template_default": POST,
    "cohortlife:staff_checklist_template_remove": POST,
    "cohortlife:staff_tick": POST,
    "cohortlife:staff_account_link": POST,
    "events:register": POST,
    "events:unregister": POST,
    "events:staff_registration_cancel": POST,
    "mail:retry": POST,
    "proposals:agent_create": POST,
    "proposals:agent_submit": POST,
    "proposals:staff_proposal_assign": POST,
    "proposals:staff_proposal_transition": POST,
    "selection:staff_assignment_add": POST,
    "selection:staff_assignment_remove": POST,
    "selection:staff_conflict_add": POST,
    "selection:staff_note_add": POST,
    "selection:review_message": POST,
    "teams:run_create": POST,
    "teams:rule_create": POST,
    "teams:rule_delete": POST,
}
ADMIN_NAMESPACE = "admin"

# Icon-only buttons and links: no text of their own, so a name from aria-label,
# aria-labelledby or title (axe checks that the name is not empty; this, that
# an icon is never the whole of what a person is told).
UNNAMED_ICONS = """() => [...document.querySelectorAll(
    'button, a.fr-btn, a[class*="fr-icon-"], a[class*="fr-fi-"], [role=button], input[type=submit]'
  )].filter(el => el.offsetParent !== null || el.getClientRects().length)
  .filter(el => !(el.textContent || el.value || '').trim()
    && !el.querySelector('img[alt]:not([alt=""]), svg title')
    && !(el.getAttribute('aria-label') || '').trim()
    && !(el.getAttribute('title') || '').trim()
    && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 160))"""

OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= window.innerWidth) return null;
  const over = el => el.getBoundingClientRect().right > window.innerWidth + 1;
  const name = el => el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const widest = [...document.querySelectorAll('body *')]
    .filter(el => over(el) && !(el.parentElement && over(el.parentElement)))
    .slice(0, 3).map(name);
  return {width: root.scrollWidth, window: window.innerWidth, widest: widest};
}"""

# At 1280 px a table shows all its columns (at 375 px it may scroll in its container).
HIDDEN_COLUMNS = """() => [...document.querySelectorAll('.fr-table__container')]
  .map(el => el.scrollWidth - el.clientWidth).filter(hidden => hidden > 1)"""


# The accessibility world (the permission matrix's people, an open call,
# jury, panels…) lives in a server and a database of its own: in the shared
# one it would change what the other browser tests find (the open call, the
# organisations' slugs).
@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    return make_server_env(tmp_path_factory, "a11y")


@pytest.fixture(scope="module")
def manage(server_env):
    return make_manage(server_env)


@pytest.fixture(scope="module")
def live_url(server_env, manage):
    yield from serve(server_env, manage)


@pytest.fixture(scope="module")
def site(live_url, manage):
    """The world made in the server's database: {people: {role: email}, pages: {key: {...}}}."""
    out = manage(
        "shell", "-c", f"from tests.browser.accessibility_world import dump; dump({PASSWORD!r})"
    )
    return json.loads(out.strip().splitlines()[-1])


def _patterns() -> list[str]:
    return sorted(site_patterns(get_resolver()))


def test_every_url_pattern_is_visited_or_listed(site):
    visited = set(site["pages"]) - set(NOT_VISITED)
    forgotten = [
        key
        for key in _patterns()
        if key.split(":")[0] != ADMIN_NAMESPACE and key not in visited and key not in NOT_VISITED
    ]
    assert not forgotten, (
        "URL patterns neither visited by the accessibility test nor listed in "
        "NOT_VISITED (with the reason) in tests/browser/test_accessibility.py: "
        + ", ".join(forgotten)
    )
    stale = sorted(set(NOT_VISITED) - set(_patterns()) - {"^media/(?P<path>.*)$"})
    assert not stale, f"NOT_VISITED names patterns that no longer exist: {stale}"
    # The walk really finds the pages: public, each space, the back office.
    roles = {page["role"] for page in visited_pages(site).values()}
    assert {"anonymous", "candidate", "agent", "jury", "fellow", "staff"} <= roles, roles
    assert len(visited) > 80, sorted(visited)


def visited_pages(site) -> dict:
    return {key: page for key, page in site["pages"].items() if key not in NOT_VISITED}


ROLES = ["anonymous", "candidate", "agent", "jury", "mentor", "fellow", "staff"]


def _axe_problems(axe, page) -> list[str]:
    results = axe.run(page)
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node.get("target")) for node in v["nodes"][:4])
        for v in results.response["violations"]
    ]


def check_page(axe, page, url: str, status: int = 200) -> list[str]:
    """Everything wrong with the page at `url` at the current width."""
    response = page.goto(url)
    if response is None or response.status != status:
        return [f"answered {response.status if response else 'nothing'}"]
    problems = _axe_problems(axe, page)
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        problems.append(
            f"{overflow['width']} px wide in a {overflow['window']} px window "
            f"(widest: {', '.join(overflow['widest'])})"
        )
    problems += [f"icon-only without a name: {html}" for html in page.evaluate(UNNAMED_ICONS)]
    if page.viewport_size["width"] >= VIEWPORTS["desktop"]["width"]:
        problems += [
            f"a table hides {hidden} px of its columns at 1280 px (scroll needed)"
            for hidden in page.evaluate(HIDDEN_COLUMNS)
        ]
    return problems


def _log_in(page, live_url: str, email: str) -> None:
    page.goto(live_url + "/compte/connexion/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "/connexion/" not in page.url, f"{email} could not log in"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible(role, site, browser, live_url, capsys):
    from axe_playwright_python.sync_playwright import Axe

    pages = {key: page for key, page in visited_pages(site).items() if page["role"] == role}
    if role == "mentor":
        # The mentor has no page of their own yet: their space (espace:home) as one.
        pages = {"espace:home": {**site["pages"]["espace:home"], "role": "mentor"}}
    assert pages, f"no page seen as {role}"
    languages = ["fr", "en"] if role == "anonymous" else ["fr"]
    if role == "anonymous":
        # Not a pattern, but a page every visitor may meet.
        pages["(not found)"] = {"fr": "/page-absente/", "en": "/en/page-absente/", "status": 404}

    started = time.monotonic()
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="fr-FR")
    page = context.new_page()
    csp = watch_csp(page)
    if role != "anonymous":
        _log_in(page, live_url, site["people"][role])
    axe = Axe()
    failures, visits = [], 0
    try:
        for viewport in VIEWPORTS.values():
            page.set_viewport_size(viewport)
            for key, entry in sorted(pages.items()):
                for language in languages:
                    visits += 1
                    url = live_url + entry[language]
                    failures += [
                        f"{key} {entry[language]} at {viewport['width']} px: {problem}"
                        for problem in check_page(axe, page, url, entry.get("status", 200))
                    ]
    finally:
        context.close()
    with capsys.disabled():
        print(
            f"\n{role}: {len(pages)} patterns, {visits} visits, "
            f"{time.monotonic() - started:.0f} s, {len(failures)} problems"
        )
    assert not failures, f"as {role}:\n" + "\n".join(failures)
    assert not csp, "Content Security Policy violations:\n" + "\n".join(csp)


# Each invalid field: its error in its own group, named by aria-describedby, once;
# the same words neither repeated in an alert elsewhere nor referenced twice.
FORM_ERRORS = """() => {
  const problems = [];
  const groups = ['.fr-input-group', '.fr-select-group', '.fr-fieldset',
    '.fr-checkbox-group', '.fr-radio-group'].join(', ');
  const invalid = [...document.querySelectorAll('main [aria-invalid=true]')];
  if (!invalid.length) problems.push('no field is marked invalid');
  const seen = new Set();
  const ids = (el, name) => (el && el.getAttribute(name) || '').split(/\\s+/).filter(Boolean);
  for (const field of invalid) {
    // Its own description, and its group's name (a fieldset of radios or checkboxes).
    const fieldset = field.closest('fieldset');
    const named = [...ids(field, 'aria-describedby'), ...ids(fieldset, 'aria-labelledby')];
    const errors = named.map(id => document.getElementById(id))
      .filter(el => el && el.querySelector('.fr-error-text, .fr-message--error'));
    if (errors.length !== 1)
      problems.push(field.name + ': its error is announced ' + errors.length + ' times');
    for (const error of errors) {
      const group = error.closest(groups);
      if (!group || !group.contains(field))
        problems.push(field.name + ': its error is not next to it');
      seen.add(error.textContent.trim().replace(/\\s+/g, ' '));
    }
  }
  for (const alert of document.querySelectorAll('main .fr-alert, main [role=alert]')) {
    const text = alert.textContent.replace(/\\s+/g, ' ');
    for (const words of seen)
      if (words && text.includes(words)) problems.push('repeated in an alert: ' + words);
  }
  return problems;
}"""

EMPTY_FORMS = {
    "accounts:sign_up": "main form button[type=submit]",
    "accounts:login": "main form button[type=submit]",
    "accounts:password_reset": "main form button[type=submit]",
}


def test_form_errors_are_announced_once_next_to_their_field(site, browser, live_url):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=VIEWPORTS["mobile"], locale="fr-FR")
    page = context.new_page()
    axe, failures = Axe(), []
    try:
        for key, submit in EMPTY_FORMS.items():
            page.goto(live_url + site["pages"][key]["fr"])
            # The browser's own check would stop an empty form: the server's is tested.
            page.evaluate(
                "() => document.querySelectorAll('[required]').forEach(e => e.required = false)"
            )
            page.locator(submit).first.click()
            page.wait_for_load_state()
            failures += [f"{key}: {problem}" for problem in page.evaluate(FORM_ERRORS)]
            failures += [f"{key} with errors: {problem}" for problem in _axe_problems(axe, page)]
    finally:
        context.close()
    assert not failures, "\n".join(failures)
