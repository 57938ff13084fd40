"""What other apps ask of the auditions: the purge of their data, a withdrawal."""

from django.utils.translation import gettext as _

from eig.auditions import ics
from eig.auditions.models import Audition, AuditionState
from eig.auditions.services.common import S
from eig.auditions.services.mails import _notify_member, _panel


def auditions_anonymise(application_ids: list[int]) -> None:
    """The purge of personal data (eig.privacy) anonymises these applications:
    empty the panels' comments and the reasons given; dates and outcomes stay."""
    Audition.objects.filter(application_id__in=application_ids).update(comment="", cancel_reason="")


def auditions_release(*, application, source, target, by, now, **kwargs) -> None:
    """An application withdrawn while its audition was scheduled frees the slot:
    the audition is cancelled and the panel gets a CANCEL for their calendar
    (the candidate has the withdrawal's own e-mail)."""
    if target != S.WITHDRAWN or source != S.AUDITION_SCHEDULED:
        return
    for audition in Audition.objects.select_for_update().filter(
        application=application, state=AuditionState.SCHEDULED
    ):
        audition.state = AuditionState.CANCELLED
        audition.sequence += 1
        audition.cancelled_at = now
        audition.cancel_reason = _("Candidature retirée.")
        audition.save()
        audition.application = application
        for member in _panel(audition.slot):
            _notify_member(audition, member, "auditions/panel_cancelled", ics.CANCEL)
