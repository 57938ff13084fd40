"""An erasure test that cannot be fooled (issue 17).

A person writes one unique marker into every field they can fill: names, the
local part of their e-mail addresses (the first and the one they change to),
every text of their application, their défi motivations, a withdrawal
comment, a message to the team with its attachment, their CV (its content
and its file name), an event registration, a failed log-in, a password reset
asked, a change of address never confirmed, and, as an agent, a défi
proposal. Then their account is deleted by the real service (or, in the
second test, the purge runs years later), and every column of every table of
the database, and every file (name and bytes) under MEDIA_ROOT and
PRIVATE_MEDIA_ROOT, is searched for the marker.

It may remain only where `ALLOWED_*` says, each entry with the reason
docs/privacy.md gives. A new table or column that keeps the marker fails
the test without anyone having to think of it.
"""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from eig.accounts import services as account_services
from eig.accounts.models import Role, User
from eig.accounts.tokens import make_token
from eig.applications import services
from eig.applications.models import Application
from eig.cohorts.models import Profile
from eig.privacy.services import purge_personal_data
from eig.proposals import services as proposal_services
from tests.factories import ApplicationCallFactory, ChallengeFactory, OrganizationFactory
from tests.factories_cohort_life import WebinarFactory
from tests.proposals.factories import ChallengeCallFactory

pytestmark = pytest.mark.django_db

MARKER = "Zq7Marqueur"
NEEDLE = MARKER.lower()  # compared folded: the search document and addresses are lower case
FIRST_ADDRESS = f"{NEEDLE}.premiere@exemple.fr"
SECOND_ADDRESS = f"{NEEDLE}.seconde@exemple.fr"
PASSWORD = "un mot de passe assez long 42"
SITE = "http://testserver"

# Where the marker may stay after the account's deletion: (table, column) → why
# (docs/privacy.md). The défi proposal belongs to the administration it was
# written for, not to its author: deleting the account unlinks it
# (docs/privacy.md, « Account deletion »).
PROPOSAL_KEPT = {
    ("proposals_proposal", column): "docs/privacy.md, Account deletion: a défi proposal is "
    "the administration's, kept without its author"
    for column in ("title", "pitch", "context", "problem", "data_available", "expected_outcome")
}
ALLOWED_AFTER_DELETION = dict(PROPOSAL_KEPT)
# After the purge the account itself stays (docs/privacy.md, Retention periods:
# « accounts stay until their owner deletes them »).
ALLOWED_AFTER_PURGE = {
    **PROPOSAL_KEPT,
    ("accounts_user", "email"): "docs/privacy.md: accounts stay until their owner deletes them",
    ("accounts_user", "first_name"): "docs/privacy.md: accounts stay until their owner deletes "
    "them",
    ("accounts_user", "last_name"): "docs/privacy.md: accounts stay until their owner deletes them",
}


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EIG_SITE_URL = SITE


def _marked_pdf() -> bytes:
    """A valid PDF whose bytes hold the marker (its metadata, uncompressed)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"CV de {MARKER}", "/Author": MARKER})
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    assert MARKER.encode() in data
    return data


def _journey(client, capture) -> User:
    """Everything the person can fill, through the services and the site."""
    call = ApplicationCallFactory()
    challenge = ChallengeFactory(cohort=call.cohort)
    event = WebinarFactory()
    organization = OrganizationFactory()
    challenge_call = ChallengeCallFactory()

    with capture(execute=True):
        person = account_services.user_sign_up(
            email=FIRST_ADDRESS,
            password=PASSWORD,
            first_name=MARKER,
            last_name=f"{MARKER}-Nom",
            role=Role.CANDIDATE,
            organization=None,
        )
        account_services.user_confirm_email(token=make_token(person, "confirm"))
        # A wrong password and a reset link asked: what the person types there too.
        client.post(reverse("accounts:login"), {"email": FIRST_ADDRESS, "password": "faux"})
        client.post(reverse("accounts:password_reset"), {"email": FIRST_ADDRESS})
        # A change of address: the notice goes to the former one.
        account_services.email_change_request(user=person, new_email=SECOND_ADDRESS)
        # And one asked but never confirmed: its mail went to an address typed.
        account_services.email_change_request(user=person, new_email=f"{NEEDLE}.jamais@exemple.fr")
        person.refresh_from_db()
        token = make_token(person, "email_change", e=SECOND_ADDRESS)
        person = account_services.email_change_confirm(token=token)

        application = services.application_start(call=call, candidate=person)
        for section, fields in {
            "identite": {
                "first_name": MARKER,
                "last_name": f"{MARKER}-Nom",
                "phone": "06 12 34 56 78",
                "city": f"{MARKER}-Ville",
            },
            "profil": {"profile": Profile.DEVELOPER, "experience": f"Expérience {MARKER}"},
            "competences": {"skills": f"Python {MARKER}", "general_interest": f"Asso {MARKER}"},
            "liens": {
                "code_url": f"https://code.exemple.fr/{MARKER}",
                "portfolio_url": f"https://portfolio.exemple.fr/{MARKER}",
                "linkedin_url": f"https://www.linkedin.com/in/{MARKER}",
                "other_url": f"https://autre.exemple.fr/{MARKER}",
            },
            "disponibilite": {
                "available_from": timezone.localdate() + timedelta(days=90),
                "full_time": True,
                "availability_comment": f"Disponible, {MARKER}",
            },
            "consentement": {"consent": True},
        }.items():
            application = services.application_update(
                application=application, by=person, section=section, fields=fields
            )
        services.application_choices_save(
            application=application, by=person, choices=[(challenge, f"Motivation {MARKER}")]
        )
        services.application_cv_upload(
            application=application,
            by=person,
            file=io.BytesIO(_marked_pdf()),
            original_name=f"CV {MARKER}.pdf",
        )
        application, _done = services.application_submit(application=application, by=person)
        # After submission, a correction is kept in the history.
        services.application_update(
            application=application,
            by=person,
            section="competences",
            fields={"skills": f"Python, Django {MARKER}", "general_interest": f"Asso {MARKER}"},
        )
        services.message_post(
            application=application,
            by=person,
            body=f"Bonjour, ici {MARKER}.",
            attachment=io.BytesIO(_marked_pdf()),
            attachment_name=f"Piece {MARKER}.pdf",
        )
        services.application_withdraw(
            application=application, by=person, comment=f"Je me retire, {MARKER}"
        )

        # An event, through the site, logged in.
        client.force_login(person)
        response = client.post(
            reverse("events:register", kwargs={"slug": event.slug}),
            {"name": f"{MARKER} Nom", "email": SECOND_ADDRESS},
        )
        assert response.status_code == 302

        # As an agent too: a défi proposal.
        account_services.role_grant(
            user=person, role=Role.AGENT, organization=organization, verified=False
        )
        proposal = proposal_services.proposal_create(
            call=challenge_call, organization=organization, by=person
        )
        proposal_services.proposal_update(
            proposal=proposal,
            by=person,
            fields={
                field: f"{MARKER} {field}"
                for field in (
                    "title",
                    "pitch",
                    "context",
                    "problem",
                    "data_available",
                    "expected_outcome",
                )
            },
        )
    return person


def _scan_database() -> dict[tuple[str, str], int]:
    """(table, column) → rows holding the marker, over every table and column."""
    found = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        assert len(tables) > 40  # the whole schema, not a handful
        for table in tables:
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 (names from the schema)
                    f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s",
                    [f"%{NEEDLE}%"],
                )
                count = cursor.fetchone()[0]
                if count:
                    found[(table, column.name)] = count
    return found


def _scan_files(settings) -> list[str]:
    """Every stored file whose name or bytes hold the marker."""
    found = []
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for path in Path(root).rglob("*"):
            if NEEDLE in str(path.relative_to(root)).lower():
                found.append(f"name: {path}")
            elif path.is_file() and NEEDLE.encode() in path.read_bytes().lower():
                found.append(f"bytes: {path}")
    return found


def _the_scan_sees(settings) -> dict:
    """Before erasure the scan must find the marker everywhere it was typed:
    otherwise the test could pass by looking nowhere."""
    found = _scan_database()
    expected = {
        ("accounts_user", "email"),
        ("accounts_user", "first_name"),
        ("accounts_user", "last_name"),
        ("accounts_loginattempt", "email"),
        ("applications_application", "first_name"),
        ("applications_application", "city"),
        ("applications_application", "experience"),
        ("applications_application", "search_document"),
        ("applications_applicationchoice", "motivation"),
        ("applications_applicationdocument", "original_name"),
        ("applications_applicationmessage", "body"),
        ("applications_applicationrevision", "changes"),
        ("applications_applicationtransition", "comment"),
        ("events_registration", "name"),
        ("mail_email", "to"),
        ("mail_email", "body_text"),
        ("security_ratelimithit", "key"),
        ("proposals_proposal", "title"),
    }
    assert expected <= set(found), sorted(expected - set(found))
    files = _scan_files(settings)
    assert len([f for f in files if f.startswith("bytes:")]) == 2, files  # the CV, the attachment
    return found


def test_account_deletion_leaves_the_marker_nowhere(
    client, settings, django_capture_on_commit_callbacks
):
    person = _journey(client, django_capture_on_commit_callbacks)
    _the_scan_sees(settings)

    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_account_delete(user=person)

    assert not User.objects.filter(pk=person.pk).exists()
    leftovers = {
        place: count
        for place, count in _scan_database().items()
        if place not in ALLOWED_AFTER_DELETION
    }
    assert leftovers == {}
    assert _scan_files(settings) == []


def test_the_purge_leaves_the_marker_nowhere_but_the_account(
    client, settings, django_capture_on_commit_callbacks
):
    person = _journey(client, django_capture_on_commit_callbacks)
    _the_scan_sees(settings)
    assert Application.objects.filter(candidate=person).exists()

    # Four years on: past every retention period (the longest, the audit log, is three).
    with django_capture_on_commit_callbacks(execute=True):
        purge_personal_data(now=timezone.now() + timedelta(days=4 * 365))

    found = _scan_database()
    leftovers = {place: count for place, count in found.items() if place not in ALLOWED_AFTER_PURGE}
    assert leftovers == {}
    assert _scan_files(settings) == []
