"""Hostile input on the main forms (hypothesis): never a server error, and
nothing already saved is lost.

Each test reads the form's field names from the page itself (so a field added
later is fuzzed too), then posts random values: very long strings, unicode,
NUL bytes, HTML and script, template and SQL syntax, lists for single fields,
missing and unknown fields, random files. Every example runs in a savepoint
rolled back after it, so each starts from the same saved draft.

Checked each time: the answer is a refusal or a success (never 5xx; the test
client raises the view's exception itself); a refused post changes nothing
that was saved and shows the text typed again; a successful one changes only
the fields of its own step.
"""

from contextlib import contextmanager
from html import escape
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from eig.accounts.models import Role, User
from eig.applications.models import Application, ApplicationMessage
from eig.applications.selectors import STEP_FIELDS, STEP_NAMES
from eig.events.models import Registration
from eig.proposals.forms import STEP_FIELDS as PROPOSAL_STEP_FIELDS
from eig.proposals.models import Proposal, ProposalState
from eig.proposals.views import STEP_NAMES as PROPOSAL_STEP_NAMES
from eig.selection.scoring import CRITERIA
from tests.accounts.factories import PASSWORD, make_user
from tests.applications.factories import FAKE_PDF, ApplicationFactory, pdf_bytes
from tests.factories import ApplicationCallFactory, ChallengeFactory
from tests.factories_cohort_life import WebinarFactory
from tests.proposals.factories import ChallengeCallFactory, ProposalFactory
from tests.selection.factories import ReviewAssignmentFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
# Refused or done; 5xx never (and the test client raises on an exception).
ANSWERS = {200, 302, 400, 403, 404, 405, 413, 429}

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "{{ request }}{% debug %}",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "\u202egnp.exe",
    "😀" * 50,
    "Ω≈ç√∫˜µ≤≥÷ — ١٢٣ — 漢字",
    "\r\n\r\nX-Injected: 1",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2019-02-30",
    "9999-12-31",
    "javascript:alert(1)",
    "http://",
    "https://exemple.fr/" + "a" * 3000,
    "personne@exemple.fr",
    "a@b",
    "on",
    "true",
]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
LONG = st.integers(min_value=1_000, max_value=120_000).map(lambda n: "é" * n)
VALUE = st.one_of(st.sampled_from(HOSTILE), TEXT, LONG, st.integers().map(str))
FIELD = st.one_of(VALUE, VALUE, st.lists(VALUE, max_size=3))
TEXT_INPUTS = {"text", "textarea", "email", "url", "tel", "search"}


class FormFields(HTMLParser):
    """The fields of the page's POST forms aimed at `action`: {name: input type},
    and the values of their hidden fields (a formset's counts)."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields, self.hidden = action, False, {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("method") or "").lower() == "post" and (
                attrs.get("action") or self.action
            ) in (self.action, "")
        elif self.inside and tag in ("input", "select", "textarea") and attrs.get("name"):
            kind = tag if tag != "input" else (attrs.get("type") or "text")
            if attrs["name"] != "csrfmiddlewaretoken" and kind != "submit":
                self.fields.setdefault(attrs["name"], kind)
                if kind == "hidden":
                    self.hidden[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


class Form(dict):
    """{name: kind} of a form, with `hidden` (the page's hidden values)."""

    hidden: dict


def form_fields(client, url: str, action: str | None = None) -> Form:
    """The fields of the form on the page at `url` that posts to `action` (or to `url`)."""
    page = client.get(url)
    assert page.status_code == 200, url
    parser = FormFields(action or url)
    parser.feed(page.content.decode())
    assert parser.fields, f"no form found on {url}"
    form = Form(parser.fields)
    form.hidden = parser.hidden
    return form


def payload(fields: Form):
    """Any subset of the form's fields, each with a hostile value, and stray ones;
    hidden fields (a formset's counts) mostly keep the page's value."""
    optional = dict.fromkeys(fields, FIELD)
    for name, value in fields.hidden.items():
        optional[name] = st.one_of(st.just(value), st.just(value), FIELD)
    optional["champ-inconnu"] = FIELD
    return st.fixed_dictionaries({}, optional=optional)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def check_answer(response):
    event(f"answered {response.status_code}")
    assert response.status_code in ANSWERS, response.status_code


def check_typed_text_shown(response, fields: Form, posted: dict):
    """A form refused is shown again with what was typed in its text fields
    (a formset's fields only if its counts were sent as the page had them)."""
    body = response.content.decode()
    if any(posted.get(name) != value for name, value in fields.hidden.items()):
        posted = {name: value for name, value in posted.items() if "-" not in name}
    for name, value in posted.items():
        if fields.get(name) in TEXT_INPUTS and isinstance(value, str) and value.strip():
            assert escape(value, quote=False) in body.replace("&#x27;", "'").replace(
                "&quot;", '"'
            ), f"{name!r}: the text typed is not shown again"


def snapshot(instance, *, exclude=()) -> dict:
    instance.refresh_from_db()
    data = model_to_dict(instance)
    for name in ("updated_at", "search_document", *exclude):
        data.pop(name, None)
    return data


@pytest.fixture
def rates_off(settings):
    """The rate limits answer 429 after a few posts: tested apart (tests/security)."""
    settings.EIG_RATE_LIMITS_ENABLED = False


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EIG_UPLOAD_MAX_BYTES = 200 * 1024


# Anonymous forms ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["accounts:sign_up", "accounts:login", "accounts:password_reset"])
@FUZZ
@given(data=st.data())
def test_account_forms_take_anything(client, rates_off, name, data):
    url = reverse(name)
    fields = form_fields(client, url)
    posted = data.draw(payload(fields))
    with rolled_back():
        people = User.objects.count()
        response = client.post(url, posted)
        check_answer(response)
        assert User.objects.count() <= people + 1
        if response.status_code == 200:
            check_typed_text_shown(response, fields, posted)
        client.logout()


@pytest.fixture
def webinar():
    return WebinarFactory(capacity=5)


@FUZZ
@given(data=st.data())
def test_event_registration_takes_anything(client, rates_off, webinar, data):
    event = webinar
    url = reverse("events:register", kwargs={"slug": event.slug})
    fields = form_fields(client, reverse("events:detail", kwargs={"slug": event.slug}), url)
    posted = data.draw(payload(fields))
    with rolled_back():
        response = client.post(url, posted)
        check_answer(response)
        assert Registration.objects.filter(event=event).count() <= 1


def test_login_never_sends_elsewhere(client, rates_off):
    """`next` after logging in stays on the site, whatever it says."""
    user = make_user(Role.CANDIDATE)
    url = reverse("accounts:login")
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        " https://evil.example",
    ):
        client.logout()
        response = client.post(url + "?next=" + target, {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, target
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


# The candidate's application ---------------------------------------------------------


@pytest.fixture
def draft(private_root, rates_off):
    """A complete draft, its CV saved, in an open call."""
    call = ApplicationCallFactory()
    ChallengeFactory(cohort=call.cohort)
    application = ApplicationFactory(call=call, complete=True, skills="Compétences-témoin-42")
    return application


def application_state(application) -> dict:
    return {
        "fields": snapshot(application),
        "choices": list(application.choices.values_list("rank", "challenge_id", "motivation")),
        "cv": list(application.documents.current_cvs().values_list("public_id", "sha256")),
    }


# What a step may change when it is saved.
STEP_CHANGES = {
    **{step: {"fields": set(names)} for step, names in STEP_FIELDS.items()},
    "cv": {"cv"},
    "defis": {"choices"},
    "consentement": {"fields": {"consent_at"}},
}


def unchanged_but(before: dict, after: dict, allowed) -> list[str]:
    changed = []
    for part in before:
        if part == "fields":
            names = allowed.get("fields", set()) if isinstance(allowed, dict) else set()
            for name, value in before["fields"].items():
                if name not in names and after["fields"][name] != value:
                    changed.append(name)
        elif part not in allowed and before[part] != after[part]:
            changed.append(part)
    return changed


@FUZZ
@given(data=st.data())
def test_application_steps_never_lose_the_draft(client, draft, data):
    client.force_login(draft.candidate)
    step = data.draw(st.sampled_from(STEP_NAMES))
    url = reverse("applications:step", kwargs={"pk": draft.pk, "step": step})
    fields = form_fields(client, url)
    posted = data.draw(payload(fields))
    with rolled_back():
        before = application_state(draft)
        response = client.post(url, posted)
        check_answer(response)
        after = application_state(draft)
        if response.status_code == 302:
            assert not unchanged_but(before, after, STEP_CHANGES[step]), step
        else:
            assert before == after, step
            check_typed_text_shown(response, fields, posted)


PDF = pdf_bytes()
UPLOADS = st.one_of(
    st.binary(max_size=2048),
    st.just(PDF),
    st.just(FAKE_PDF),
    st.just(PDF[: len(PDF) // 2]),
    st.just(b"%PDF-1.4\n<script>alert(1)</script>\n%%EOF"),
    st.integers(min_value=200 * 1024 - 64, max_value=200 * 1024 + 64).map(
        lambda n: (b"%PDF-1.4\n" + b"0" * n)[:n]
    ),
)
NAMES = st.one_of(
    st.sampled_from(["cv.pdf", "cv.PDF", "cv.pdf.exe", "../../cv.pdf", "cv", ".pdf", "c\x00v.pdf"]),
    TEXT.map(lambda t: t[:80] + ".pdf"),
)
TYPES = st.sampled_from(
    ["application/pdf", "text/html", "application/octet-stream", "image/svg+xml"]
)


@FUZZ
@given(content=UPLOADS, filename=NAMES, content_type=TYPES)
def test_cv_upload_takes_any_file(client, draft, content, filename, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(draft.candidate)
    url = reverse("applications:step", kwargs={"pk": draft.pk, "step": "cv"})
    with rolled_back():
        before = application_state(draft)
        upload = SimpleUploadedFile(filename or "x", content, content_type=content_type)
        response = client.post(url, {"cv": upload})
        check_answer(response)
        after = application_state(draft)
        assert before["fields"] == after["fields"] and before["choices"] == after["choices"]
        if response.status_code == 302:
            current = draft.documents.current_cvs().get()
            with current.file.open("rb") as stored:
                assert stored.read(5) == b"%PDF-"
        else:
            assert before["cv"] == after["cv"], "the saved CV is gone after a refused upload"


@FUZZ
@given(data=st.data(), attachment=st.one_of(st.none(), UPLOADS))
def test_messages_take_anything(client, draft, data, attachment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(draft.candidate)
    url = reverse("applications:messages", kwargs={"pk": draft.pk})
    fields = form_fields(client, url)
    posted = data.draw(payload(fields))
    if attachment is not None:
        posted["attachment"] = SimpleUploadedFile("piece.pdf", attachment, "application/pdf")
    with rolled_back():
        before = application_state(draft)
        count = ApplicationMessage.objects.count()
        response = client.post(url, posted)
        check_answer(response)
        assert application_state(draft) == before
        assert ApplicationMessage.objects.count() <= count + 1


# The agent's proposal ---------------------------------------------------------------


@pytest.fixture
def proposal(rates_off):
    agent = make_user(Role.AGENT)
    organization = agent.role_grants.get().organization
    return ProposalFactory(
        call=ChallengeCallFactory(),
        organization=organization,
        author=agent,
        complete=True,
        state=ProposalState.DRAFT,
    )


def proposal_state(proposal) -> dict:
    return {
        "fields": snapshot(proposal),
        "mentors": list(
            proposal.mentors.order_by("pk").values_list("kind", "name", "position_title", "email")
        ),
    }


@FUZZ
@given(data=st.data())
def test_proposal_steps_never_lose_the_draft(client, proposal, data):
    client.force_login(proposal.author)
    step = data.draw(st.sampled_from(PROPOSAL_STEP_NAMES))
    url = reverse("proposals:agent_step", kwargs={"pk": proposal.pk, "step": step})
    fields = form_fields(client, url)
    posted = data.draw(payload(fields))
    allowed = {"mentors"} if step == "mentors" else {"fields": set(PROPOSAL_STEP_FIELDS[step])}
    with rolled_back():
        before = proposal_state(proposal)
        response = client.post(url, posted)
        check_answer(response)
        after = proposal_state(proposal)
        if response.status_code == 302:
            assert not unchanged_but(before, after, allowed), step
        else:
            assert before == after, step
            check_typed_text_shown(response, fields, posted)
        assert Proposal.objects.count() == 1


# The reviewer's scores ---------------------------------------------------------------


SCORES = st.one_of(
    st.integers(min_value=-3, max_value=8).map(str),
    st.sampled_from(["", "3.5", "1e3", "٣", "trois", "\x00"]),
    st.lists(st.integers(min_value=1, max_value=5).map(str), max_size=3),
)


@pytest.fixture
def review(private_root):
    return ReviewAssignmentFactory()


@FUZZ
@given(data=st.data(), autosave=st.booleans())
def test_review_form_takes_anything(client, review, data, autosave):
    client.force_login(review.member.user)
    url = reverse("selection:review", kwargs={"pk": review.application_id})
    fields = form_fields(client, url)
    values = dict.fromkeys([name for name in fields if name not in ("comment", "action")], SCORES)
    values.update({"comment": FIELD, "action": st.sampled_from(["save", "submit", "x"])})
    posted = data.draw(st.fixed_dictionaries({}, optional=values))
    headers = {"X-Autosave": "1"} if autosave else {}
    with rolled_back():
        before = snapshot(review)
        response = client.post(url, posted, headers=headers)
        check_answer(response)
        after = snapshot(review)
        if autosave:
            assert response["Content-Type"].startswith("application/json")
        if before["submitted_at"] is not None:
            assert before == after
        elif after != before:
            # Saved as typed, even when sending is refused: what was typed, nothing else.
            for code in CRITERIA:
                value = typed(posted, code)
                assert after[code] == (int(value) if value else None), code
            assert after["comment"] == (typed(posted, "comment") or "").strip()
        if after["submitted_at"] is not None:
            assert all(1 <= after[code] <= 5 for code in CRITERIA)


def typed(posted: dict, name: str):
    """What the view reads for `name`: the last value sent."""
    value = posted.get(name)
    return (value[-1] if value else None) if isinstance(value, list) else value


# CSRF ---------------------------------------------------------------------------------


def test_posts_without_the_csrf_token_are_refused(draft, proposal):
    """Django's CSRF check, the upload views included (they run it themselves)."""
    client = Client(enforce_csrf_checks=True)
    anonymous = [
        reverse("accounts:sign_up"),
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
    ]
    for url in anonymous:
        assert client.post(url, {"email": "a@b.fr"}).status_code == 403, url
    client.force_login(draft.candidate)
    mine = [
        reverse("applications:step", kwargs={"pk": draft.pk, "step": "competences"}),
        reverse("applications:step", kwargs={"pk": draft.pk, "step": "cv"}),
        reverse("applications:messages", kwargs={"pk": draft.pk}),
        reverse("applications:submit", kwargs={"pk": draft.pk}),
    ]
    for url in mine:
        assert client.post(url, {"skills": "écrasé", "body": "x"}).status_code == 403, url
    draft.refresh_from_db()
    assert draft.skills == "Compétences-témoin-42"
    assert not draft.messages.exists() and draft.state == "draft"
    client.force_login(proposal.author)
    url = reverse("proposals:agent_step", kwargs={"pk": proposal.pk, "step": "presentation"})
    assert client.post(url, {"title": "écrasé"}).status_code == 403
    assert Application.objects.count() == 1
