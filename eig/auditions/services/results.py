"""The results of an audition, recorded by its panel."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.services import application_transition
from eig.applications.workflow import Via
from eig.auditions.models import Audition, AuditionState, Recommendation, panel_member_q
from eig.auditions.services.booking import _lock_application
from eig.auditions.services.common import AuditionError, S


def is_panel_member(audition: Audition, user: User) -> bool:
    """On the panel through an active membership, and not in conflict with the application."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Audition.objects.filter(panel_member_q(user), pk=audition.pk).exists()


def audition_record(
    *,
    audition: Audition,
    by: User,
    held: bool,
    recommendation: str = "",
    comment: str = "",
    now: datetime | None = None,
) -> Audition:
    """A member of the panel (or staff) records how the audition went. Held:
    the application becomes « auditionnée »; missed: it stays programmed, for
    staff to cancel (and offer another slot) or decide."""
    now = now or timezone.now()
    panel = is_panel_member(audition, by)
    if not panel and not by.is_staff:
        raise PermissionDenied
    with transaction.atomic():
        application = _lock_application(audition.application)
        locked = Audition.objects.select_for_update().select_related("slot").get(pk=audition.pk)
        if locked.state == AuditionState.CANCELLED:
            raise AuditionError(_("Cette audition est annulée."))
        if locked.slot.starts_at > now:
            raise AuditionError(
                _(
                    "L'audition n'a pas encore commencé : vous pourrez en saisir le "
                    "résultat ensuite."
                )
            )
        if held:
            if recommendation not in Recommendation.values:
                raise AuditionError(_("Donnez l'avis du jury : favorable, réservé ou défavorable."))
            locked.state = AuditionState.HELD
            locked.recommendation = recommendation
        else:
            if locked.state == AuditionState.HELD:
                raise AuditionError(
                    _(
                        "L'audition est déjà enregistrée comme tenue : la candidature a "
                        "été auditionnée."
                    )
                )
            locked.state = AuditionState.NO_SHOW
            locked.recommendation = ""
        locked.comment = comment.strip()
        locked.recorded_by = by
        locked.recorded_at = now
        locked.save()
        if held:
            application_transition(
                application=application,
                to=S.AUDITIONED,
                by=by,
                as_panel=panel,
                comment=locked.get_recommendation_display(),
                now=now,
                via=Via.AUDITIONS,
            )
    return locked
