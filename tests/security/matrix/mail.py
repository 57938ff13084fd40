"""Recorded e-mails: the programme team only."""

from eig.mail.models import Email, EmailState
from tests.security.matrix import Row, private


def extend_world(world):
    world.failed_email = Email.objects.create(
        to="x@exemple.gouv.fr", subject="s", template="t", body_text="b", state=EmailState.FAILED
    )
    world.full_email = Email.objects.create(
        to="y@exemple.gouv.fr",
        subject="Invitation",
        template="events/registration_confirmed",
        body_text="texte",
        body_html="<p>html</p>",
        attachments=[{"filename": "e.ics", "mimetype": "text/calendar", "content": "BEGIN"}],
    )


ROWS = {
    "mail:list": Row(private(staff=200)),
    "mail:detail": Row(private(staff=200), kwargs=lambda w: {"pk": w.full_email.pk}),
    "mail:html": Row(private(staff=200), kwargs=lambda w: {"pk": w.full_email.pk}),
    "mail:attachment": Row(
        private(staff=200), kwargs=lambda w: {"pk": w.full_email.pk, "index": 0}
    ),
    "mail:retry": Row(private(staff=302), "post", kwargs=lambda w: {"pk": w.failed_email.pk}),
}
