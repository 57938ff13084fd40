"""The Content Security Policy in a real browser: nothing of the site is
refused, and an injected inline script is refused (and would fail the test
through the `page` fixture, which watches the console)."""

import pytest

from tests.browser.conftest import watch_csp

pytestmark = pytest.mark.browser


def test_an_injected_inline_script_is_refused_and_seen(browser, live_url):
    context = browser.new_context()
    page = context.new_page()
    violations = watch_csp(page)
    page.goto(live_url + "/")

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
            const styled = document.createElement("div");
            styled.setAttribute("style", "color: red");
            document.body.appendChild(styled);
        }"""
    )
    page.wait_for_timeout(200)

    assert page.evaluate("() => window.injected === undefined")
    assert any("script" in violation for violation in violations), violations
    assert any("style" in violation for violation in violations), violations
    context.close()


def test_the_candidate_pages_and_the_public_pages_raise_no_violation(page, live_url):
    for url in ["/", "/defis/", "/candidature/", "/compte/connexion/", "/compte/inscription/"]:
        page.goto(live_url + url)
        # DSFR's scripts ran (they mark the page as loaded): nothing of theirs was refused.
        page.wait_for_function("() => document.documentElement.hasAttribute('data-fr-js')")
