"""Finding 7 of the outside test: account deletion left data behind.

E-mails to a former address, the team's copy of the person's messages, their
event registrations (still holding a seat) and audit entries naming the CV
file all stayed. Deletion now removes or anonymises each of them.
"""

import pytest
from django.core.files.base import ContentFile

from eig.accounts import services as account_services
from eig.accounts.tokens import make_token
from eig.applications import services
from eig.audit.models import AuditAction, AuditEvent
from eig.events.models import Registration, RegistrationStatus
from eig.mail.models import Email
from tests.applications.factories import ApplicationDocumentFactory, ApplicationFactory
from tests.factories_cohort_life import RegistrationFactory, WebinarFactory

pytestmark = pytest.mark.django_db

MARKER = "Zorglub-Témoin-7"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_deletion_leaves_no_mail_registration_nor_audit_copy():
    application = ApplicationFactory(first_name=MARKER)
    person = application.candidate
    ApplicationDocumentFactory(
        application=application,
        original_name=f"{MARKER}.pdf",
        file=ContentFile(b"%PDF-1.4", name="cv.pdf"),
    )
    # A former address: the person changed it, a mail went to the old one.
    token = make_token(person, "email_change", e="nouvelle-zorglub@exemple.fr")
    account_services.email_change_confirm(token=token)
    person.refresh_from_db()
    # The team's copy of a message.
    services._notify_message(
        application, type("M", (), {"body": MARKER, "from_team": False, "pk": None})()
    )
    # A registration holding the last seat, somebody waiting.
    event = WebinarFactory(capacity=1)
    RegistrationFactory(event=event, user=person, email=person.email, name=MARKER, position=1)
    waiting = RegistrationFactory(event=event, waiting=True, position=2)
    # An audit entry as the log wrote them before: the CV file name.
    AuditEvent.objects.create(
        actor_id=None,
        actor_label="système",
        action=AuditAction.CV_VIEWED,
        target_type="applications.applicationdocument",
        target_id="1",
        application_id=application.pk,
        detail={"name": f"{MARKER}.pdf"},
    )
    assert Email.objects.filter(template="applications/message_to_team").exists()
    assert Email.objects.filter(body_text__icontains="zorglub").exists()

    services.candidate_account_delete(user=person)

    assert not Email.objects.filter(body_text__contains=MARKER).exists()
    assert not Email.objects.filter(body_text__icontains="zorglub").exists()
    assert not Email.objects.filter(template="applications/message_to_team").exists()
    assert not Registration.objects.filter(name=MARKER).exists()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED  # the seat went on
    logged = " ".join(
        f"{label} {detail}"
        for label, detail in AuditEvent.objects.values_list("actor_label", "detail")
    )
    assert MARKER not in logged
    assert "zorglub" not in logged.lower()
