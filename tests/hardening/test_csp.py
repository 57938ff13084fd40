"""The Content Security Policy (eig/security/csp.py, settings.CONTENT_SECURITY_POLICY).

Strict: scripts and styles from the site only, inline scripts only with the
answer's own nonce, no inline style. A fresh nonce on every answer, the page
cache included; a page holding a nonce is never cached.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path

from tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "eig" / "templates"
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def _directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _nonce(response) -> str:
    match = NONCE.search(response.headers["Content-Security-Policy"])
    assert match, response.headers["Content-Security-Policy"]
    return match[1]


def test_the_policy_is_strict(client):
    directives = _directives(client.get("/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert len(directives["script-src"]) == 2  # 'self' and the nonce, nothing else
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["img-src"][:2] == ["'self'", "data:"]
    header = client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


@pytest.mark.parametrize("url", ["/", "/defis/", "/compte/connexion/", "/en/candidature/"])
def test_every_answer_has_its_own_nonce(url):
    ChallengeFactory()
    nonces = {_nonce(Client().get(url)) for _ in range(3)}

    assert len(nonces) == 3


def test_cached_pages_get_a_fresh_nonce_and_hold_none(settings):
    settings.EIG_PAGE_CACHE = True
    ChallengeFactory()
    first = Client().get("/defis/")
    second = Client().get("/defis/")

    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert _nonce(first) != _nonce(second)
    assert b"nonce" not in second.content


def _scripts_and_styles(content: str):
    scripts = re.findall(r"<script\b[^>]*>", content, re.IGNORECASE)
    inline_styles = re.findall(r"<style\b|\sstyle\s*=", content, re.IGNORECASE)
    return scripts, inline_styles


@pytest.mark.parametrize("url", ["/", "/defis/", "/compte/connexion/", "/compte/inscription/"])
def test_pages_load_scripts_from_the_site_and_have_no_inline_style(client, url):
    ChallengeFactory()
    content = client.get(url).content.decode()
    scripts, inline_styles = _scripts_and_styles(content)

    assert scripts, "DSFR's scripts are loaded"
    for tag in scripts:
        assert re.search(r'\ssrc="/static/', tag), f"an inline or foreign script: {tag}"
    assert not inline_styles


def test_no_template_of_ours_has_an_inline_script_or_style():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text, re.IGNORECASE):
            if "src=" not in tag and "nonce=" not in tag:
                offenders.append(f"{template}: {tag}")
        if re.search(r"<style\b|\sstyle\s*=", text, re.IGNORECASE):
            offenders.append(f"{template}: inline style")
    assert not offenders, "\n".join(offenders)


# A page with an inline script: it carries the answer's nonce, and is never cached.


def _inline_script(request):
    template = engines["django"].from_string(
        '<script nonce="{{ request.csp_nonce }}">1</script>'
        '<script nonce="{{ request.csp_nonce }}">2</script>'
    )
    return HttpResponse(template.render({}, request))


urlpatterns = [path("inline/", _inline_script)]


@pytest.mark.urls(__name__)
def test_inline_scripts_carry_the_answers_nonce_and_are_never_cached(settings):
    settings.EIG_PAGE_CACHE = True
    seen = set()
    for _ in range(2):
        response = Client().get("/inline/")
        nonce = _nonce(response)
        in_page = re.findall(r'nonce="([^"]+)"', response.content.decode())
        assert in_page == [nonce, nonce]
        assert "X-Cache" not in response.headers
        seen.add(nonce)
    assert len(seen) == 2


def test_downloads_keep_their_own_stricter_policy():
    """A view that sets its own policy (the CV download: sandbox) keeps it."""
    from eig.security.csp import CSPMiddleware

    def view(request):
        response = HttpResponse(b"%PDF-")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    from django.test import RequestFactory

    request = RequestFactory().get("/")
    middleware = CSPMiddleware(view)
    response = middleware(request)

    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
