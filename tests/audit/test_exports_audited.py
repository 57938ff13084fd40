"""Issue 17, finding 10: every export of personal data writes an audit event
(who, which export, how many rows), with identifiers only."""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from eig.accounts.models import Role
from eig.audit.models import AuditAction, AuditEvent
from eig.cohorts.models import Profile
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.factories_cohort_life import RegistrationFactory, WebinarFactory
from tests.proposals.factories import ChallengeCallFactory, ProposalFactory

pytestmark = pytest.mark.django_db

SECRET = "Marqueur-Privé-Zéphyrin"

# Every download of rows the platform offers: audited, or public data.
AUDITED_EXPORTS = {
    "events:staff_attendees_csv",
    "proposals:staff_call_csv",
    "applications:staff_export_csv",
    "applications:staff_export_xlsx",
    "applications:data_export",
}
PUBLIC_EXPORTS = {"opendata:csv"}


def _drain(response):
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    assert response.status_code == 200


def _export_event(user) -> AuditEvent:
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor_id=user.pk)
    assert events.count() == 1
    event = events.get()
    assert SECRET not in json.dumps(event.detail) + event.target_id
    return event


@pytest.fixture
def staff(client):
    user = make_user(Role.STAFF)
    client.force_login(user)
    return user


def test_the_attendees_csv_is_audited(client, staff):
    event = WebinarFactory(capacity=5)
    RegistrationFactory.create_batch(3, event=event, name=SECRET)

    _drain(client.get(f"/gestion/evenements/{event.pk}/inscrits.csv"))

    audit = _export_event(staff)
    assert (audit.target_type, audit.target_id) == ("events.event", str(event.pk))
    assert audit.detail == {"export": "event_attendees_csv", "rows": 3}


def test_the_budget_csv_is_audited(client, staff):
    call = ChallengeCallFactory(closed=True)
    ProposalFactory.create_batch(2, call=call, complete=True, title=SECRET)

    _drain(client.get(reverse("proposals:staff_call_csv", kwargs={"pk": call.pk})))

    audit = _export_event(staff)
    assert (audit.target_type, audit.target_id) == ("proposals.challengecall", str(call.pk))
    assert audit.detail == {"export": "call_budget_csv", "rows": 2}


@pytest.mark.parametrize("name", ["applications_csv", "applications_xlsx"])
def test_the_applications_exports_are_audited_with_their_filters(client, staff, name):
    ApplicationFactory.create_batch(2, submitted=True, last_name=SECRET)
    ApplicationFactory(submitted=True, profile=Profile.DESIGNER, last_name=SECRET)
    url = reverse(f"applications:staff_export_{name.split('_')[1]}")

    _drain(client.get(url, {"profile": Profile.DEVELOPER, "q": SECRET}))

    audit = _export_event(staff)
    assert audit.target_type == "applications.export"
    assert audit.detail["export"] == name
    assert audit.detail["filters"] == {"profile": Profile.DEVELOPER, "search": True}
    assert audit.detail["rows"] == 2  # the two developers, found by their name


def test_the_applications_export_counts_its_rows(client, staff):
    ApplicationFactory.create_batch(3, submitted=True)

    _drain(client.get(reverse("applications:staff_export_csv")))

    assert _export_event(staff).detail == {"export": "applications_csv", "rows": 3}


def test_a_persons_own_data_download_is_audited(client):
    application = ApplicationFactory(submitted=True, last_name=SECRET)
    client.force_login(application.candidate)

    _drain(client.get(reverse("applications:data_export")))

    audit = _export_event(application.candidate)
    assert (audit.target_type, audit.target_id) == ("accounts.user", str(application.candidate.pk))
    assert audit.detail == {"export": "personal_data", "rows": 1}


def _names(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", str(pattern.pattern)


def test_every_export_is_either_audited_or_public_data():
    """Walk the URLs: a new .csv/.xlsx/export download must be classified here."""
    exports = {
        name
        for name, route in _names(get_resolver())
        if any(mark in route for mark in (".csv", ".xlsx", "export"))
        or "export" in name.split(":")[-1]
    }
    assert exports == AUDITED_EXPORTS | PUBLIC_EXPORTS
