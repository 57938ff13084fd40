import pytest

from eig.mail.models import Email
from eig.mail.services import mail_send

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Camille", "url": "https://exemple.gouv.fr/lien", "days": 3}
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def test_an_attachment_is_recorded_and_sent_with_the_mail(outbox):
    with outbox.capture():
        email = mail_send(
            to="camille@exemple.gouv.fr",
            template="confirm_email",
            context=CONTEXT,
            attachments=[("webinaire.ics", "text/calendar", ICS)],
        )

    record = Email.objects.get(pk=email.pk)
    assert record.attachments == [
        {"filename": "webinaire.ics", "mimetype": "text/calendar", "content": ICS}
    ]
    [message] = outbox.messages
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("webinaire.ics", "text/calendar")
    assert content == ICS


def test_a_mail_without_attachment_has_none(outbox):
    with outbox.capture():
        email = mail_send(to="camille@exemple.gouv.fr", template="confirm_email", context=CONTEXT)

    assert Email.objects.get(pk=email.pk).attachments == []
    assert outbox.messages[0].attachments == []
