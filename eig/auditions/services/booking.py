"""Inviting to book, booking, rescheduling, cancelling an audition."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.models import Application, ApplicationCall
from eig.applications.services import application_transition
from eig.applications.workflow import Via
from eig.auditions import ics
from eig.auditions.models import (
    LIVE_STATES,
    Audition,
    AuditionInvitation,
    AuditionSlot,
    AuditionState,
)
from eig.auditions.selectors import panel_problems, slot_label
from eig.auditions.services.common import AuditionError, S, _name, candidate_notice
from eig.auditions.services.mails import _notify, _notify_member, _panel
from eig.core.links import absolute_url
from eig.mail.services import mail_send


def invitations_send(*, call: ApplicationCall, by: User, again: bool = False) -> int:
    """E-mail each pre-selected application of the call a link to choose a
    slot; those already invited are left alone unless `again`."""
    if not by.is_staff:
        raise PermissionDenied
    applications = Application.objects.filter(call=call, state=S.PRESELECTED).select_related(
        "candidate", "call"
    )
    if not again:
        applications = applications.filter(audition_invitation__isnull=True)
    count = 0
    now = timezone.now()
    for application in applications:
        with transaction.atomic():
            AuditionInvitation.objects.update_or_create(
                application=application, defaults={"sent_at": now, "sent_by": by}
            )
            mail_send(
                to=application.candidate.email,
                template="auditions/invitation_to_book",
                context={
                    "name": _name(application),
                    "call": call.title,
                    "url": absolute_url("auditions:book", pk=application.pk),
                    "notice_hours": int(candidate_notice().total_seconds() // 3600),
                },
            )
        count += 1
    return count


# Booking, rescheduling, cancelling ---------------------------------------------------


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_related("call", "candidate")
        .select_for_update(of=("self",))
        .get(pk=application.pk)
    )


def _check_candidate_may_book(application, slot, by, now):
    if application.candidate_id != by.pk:
        raise PermissionDenied
    if not AuditionInvitation.objects.filter(application=application).exists():
        raise AuditionError(
            _("Vous pourrez choisir un créneau quand l'équipe du programme vous y invitera.")
        )
    if slot.starts_at <= now + candidate_notice():
        raise AuditionError(
            _(
                "Ce créneau commence dans moins de %(hours)d heures : choisissez-en un plus "
                "tardif ou écrivez à l'équipe du programme."
            )
            % {"hours": candidate_notice().total_seconds() // 3600}
        )


TAKEN = _("Ce créneau vient d'être réservé par une autre personne : choisissez-en un autre.")


def _take_slot(application: Application, slot: AuditionSlot, *, staff: bool) -> AuditionSlot:
    """The slot, locked, checked free and fit for this application."""
    locked = (
        AuditionSlot.objects.select_for_update().filter(pk=slot.pk, call=application.call).first()
    )
    if locked is None:
        raise AuditionError(_("Ce créneau n'existe plus."))
    if locked.auditions.filter(state__in=LIVE_STATES).exists():
        raise AuditionError(str(TAKEN))
    problems = panel_problems([locked], _panel(locked), application=application)
    if problems:
        if staff:
            raise AuditionError(" ".join(problems))
        raise AuditionError(
            _("Ce créneau n'est pas disponible pour vous : choisissez-en un autre.")
        )
    return locked


def audition_book(
    *,
    application: Application,
    slot: AuditionSlot,
    by: User,
    now: datetime | None = None,
) -> Audition:
    """The candidate (invited, first come first served) or staff book a slot;
    the application becomes « audition programmée » and the invitation goes
    out with its .ics. An application with an audition already is moved."""
    now = now or timezone.now()
    existing = Audition.objects.filter(application=application, state=AuditionState.SCHEDULED)
    if existing.exists():
        return audition_reschedule(audition=existing.get(), slot=slot, by=by, now=now)
    staff = by.is_staff and application.candidate_id != by.pk
    try:
        with transaction.atomic():
            locked_application = _lock_application(application)
            if not staff:
                _check_candidate_may_book(locked_application, slot, by, now)
            if locked_application.state != S.PRESELECTED:
                raise AuditionError(
                    _("Cette candidature est « %(state)s » : elle ne peut pas être auditionnée.")
                    % {"state": locked_application.get_state_display()}
                )
            locked_slot = _take_slot(locked_application, slot, staff=staff)
            audition = Audition.objects.create(
                application=locked_application, slot=locked_slot, booked_by=by, booked_at=now
            )
            application_transition(
                application=locked_application,
                to=S.AUDITION_SCHEDULED,
                by=by,
                comment=slot_label(locked_slot),
                now=now,
                via=Via.AUDITIONS,
            )
            _notify(audition, "auditions/scheduled", ics.REQUEST, panel=_panel(locked_slot))
    except IntegrityError as error:  # the constraint behind the locks (SQLite, a race)
        raise AuditionError(str(TAKEN)) from error
    return audition


def audition_reschedule(
    *,
    audition: Audition,
    slot: AuditionSlot,
    by: User,
    now: datetime | None = None,
) -> Audition:
    """Move a scheduled audition to another free slot (same UID, SEQUENCE + 1).
    The candidate may do it until `EIG_AUDITION_NOTICE_HOURS` before it."""
    now = now or timezone.now()
    staff = by.is_staff and audition.application.candidate_id != by.pk
    try:
        with transaction.atomic():
            application = _lock_application(audition.application)
            locked = Audition.objects.select_for_update().select_related("slot").get(pk=audition.pk)
            if locked.state != AuditionState.SCHEDULED:
                raise AuditionError(_("Cette audition n'est plus programmée."))
            if locked.slot_id == slot.pk:
                return locked
            if not staff:
                if locked.slot.starts_at <= now + candidate_notice():
                    raise AuditionError(
                        _(
                            "Votre audition a lieu dans moins de %(hours)d heures : pour la "
                            "déplacer, écrivez à l'équipe du programme."
                        )
                        % {"hours": candidate_notice().total_seconds() // 3600}
                    )
                _check_candidate_may_book(application, slot, by, now)
            old_panel = _panel(locked.slot)
            new_slot = _take_slot(application, slot, staff=staff)
            locked.slot = new_slot
            locked.sequence += 1
            locked.save(update_fields=["slot", "sequence", "updated_at"])
            locked.application = application
            new_panel = _panel(new_slot)
            _notify(locked, "auditions/moved", ics.REQUEST, panel=new_panel)
            kept = {member.pk for member in new_panel}
            for member in old_panel:
                if member.pk not in kept:
                    _notify_member(locked, member, "auditions/panel_cancelled", ics.CANCEL)
    except IntegrityError as error:
        raise AuditionError(str(TAKEN)) from error
    return locked


def audition_cancel(
    *,
    audition: Audition,
    by: User,
    reason: str = "",
    now: datetime | None = None,
) -> Audition:
    """Staff: cancel an audition (scheduled, or missed); the application goes
    back to « pré-sélectionnée » and everyone gets a CANCEL for their calendar."""
    if not by.is_staff:
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        application = _lock_application(audition.application)
        locked = Audition.objects.select_for_update().select_related("slot").get(pk=audition.pk)
        if locked.state not in (AuditionState.SCHEDULED, AuditionState.NO_SHOW):
            raise AuditionError(
                _("Cette audition est « %(state)s » : elle ne peut plus être annulée.")
                % {"state": locked.get_state_display()}
            )
        locked.state = AuditionState.CANCELLED
        locked.sequence += 1
        locked.cancelled_at = now
        locked.cancel_reason = reason.strip()
        locked.save()
        application_transition(
            application=application,
            to=S.PRESELECTED,
            by=by,
            comment=reason.strip(),
            now=now,
            via=Via.AUDITIONS,
        )
        locked.application = application
        _notify(locked, "auditions/cancelled", ics.CANCEL, panel=_panel(locked.slot))
    return locked
