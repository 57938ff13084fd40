"""Uploaded files are never executed nor shown from the site's origin, and
every form is protected against cross-site requests."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from tests.accounts.factories import UserFactory
from tests.applications.factories import ApplicationDocumentFactory, ApplicationFactory

pytestmark = pytest.mark.django_db

# A PDF that is also an HTML page: the browser must never render it as HTML.
POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.mark.parametrize("who", ["candidate", "staff"])
def test_a_document_is_a_sandboxed_pdf_download_whatever_its_name_and_content(client, who):
    application = ApplicationFactory()
    document = ApplicationDocumentFactory(
        application=application,
        file=ContentFile(POLYGLOT, name="page.html"),
        original_name="page.html",
    )
    client.force_login(application.candidate if who == "candidate" else UserFactory(staff=True))

    response = client.get(reverse("applications:document", args=[document.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert document.file.name.endswith(".pdf") and "page" not in document.file.name


def test_development_media_are_sandboxed_downloads(settings):
    """/media/ is routed to this view only with DEBUG (eig/urls.py)."""
    from django.test import RequestFactory

    from eig.security.views import media_file

    (settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "piece.html").write_bytes(b"<script>alert(1)</script>")

    response = media_file(RequestFactory().get("/media/piece.html"), "piece.html")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_every_page_sends_nosniff_and_a_referrer_policy(client):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- CSRF ------------------------------------------------------------------------------

# The only views exempt from Django's CSRF middleware, and why.
DOCUMENTED_EXEMPT = {
    # The header's language form: cached public pages hold no token (eig/urls.py);
    # a forged post can only switch the visitor's language.
    "set_language",
}
# Views that read uploads: the middleware is skipped so that the upload size is
# counted first, then the same CSRF check runs inside (applications.views.limited_uploads,
# and the media library's upload, eig/www/gestion/media/views.py).
CHECKED_INSIDE = {"step", "messages", "staff_detail", "media_upload"}
UNSAFE = ("post", "put", "patch", "delete")


def _views():
    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern

    return list(walk(get_resolver().url_patterns))


def _read_only_api(callback) -> bool:
    cls = getattr(callback, "cls", None)
    if cls is None or not issubclass(cls, APIView):
        return False
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return set(actions) <= {"get", "head", "options"}
    return not any(hasattr(cls, method) for method in UNSAFE)


def test_no_view_is_exempt_from_csrf_without_a_reason():
    unexplained = []
    for pattern in _views():
        if not getattr(pattern.callback, "csrf_exempt", False):
            continue
        if pattern.name in DOCUMENTED_EXEMPT | CHECKED_INSIDE:
            continue
        if _read_only_api(pattern.callback):
            continue  # the public API: read-only, anonymous, no cookie used
        unexplained.append(f"{pattern.pattern} ({pattern.name}, {pattern.callback.__module__})")

    assert not unexplained, "csrf_exempt views without a documented reason:\n" + "\n".join(
        unexplained
    )


def test_the_views_checking_csrf_inside_refuse_a_post_without_the_token():
    application = ApplicationFactory()
    candidate, staff = application.candidate, UserFactory(staff=True)
    urls = {
        "step": (candidate, reverse("applications:step", args=[application.pk, "identite"])),
        "messages": (candidate, reverse("applications:messages", args=[application.pk])),
        "staff_detail": (staff, reverse("applications:staff_detail", args=[application.pk])),
        "media_upload": (staff, reverse("gestion:media_upload")),
    }
    assert set(urls) == CHECKED_INSIDE
    for name, (user, url) in urls.items():
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        response = client.post(url, {"first_name": "Forgé", "body": "Forgé"})
        assert response.status_code == 403, name
    application.refresh_from_db()
    assert application.first_name != "Forgé"
    assert not application.messages.exists()


def test_forms_refuse_a_post_without_the_token():
    client = Client(enforce_csrf_checks=True)
    for url in (reverse("accounts:sign_up"), reverse("accounts:login")):
        assert client.post(url, {"email": "a@b.fr"}).status_code == 403, url


def test_the_api_refuses_writes():
    response = Client().post("/api/v1/cohorts/", {}, content_type="application/json")

    assert response.status_code == 405
