"""Recorded e-mails: the programme team only."""

from eig.mail.models import Email, EmailState
from tests.security.matrix import Row, private


def extend_world(world):
    world.failed_email = Email.objects.create(
        to="x@exemple.gouv.fr", subject="s", template="t", body_text="b", state=EmailState.FAILED
    )


ROWS = {
    "mail:list": Row(private(staff=200)),
    "mail:retry": Row(private(staff=302), "post", kwargs=lambda w: {"pk": w.failed_email.pk}),
}
