"""Writes of the auditions and decisions.

Every state change of an application goes through
`eig.applications.services.application_transition` (which logs it); these
functions add what auditions need around it: slots, bookings that two people
can never win at once (the application row, then the slot row, locked; a
partial unique constraint behind), panels checked for their mix and for
conflicts of interest, e-mails with an `.ics` scheduled on commit, decisions
recorded then announced.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.models import Application, ApplicationCall, ApplicationState
from eig.applications.services import (
    ApplicationError,
    application_transition,
    check_call_closed,
)
from eig.applications.workflow import Via
from eig.auditions import ics, schedule
from eig.auditions.models import (
    LIVE_STATES,
    Audition,
    AuditionInvitation,
    AuditionSlot,
    AuditionState,
    Decision,
    Recommendation,
    panel_member_q,
)
from eig.auditions.selectors import (
    decisions_to_announce,
    panel_problems,
    slot_label,
    waiting_list_next,
)
from eig.challenges.models import Challenge
from eig.core.dates import PARIS, paris_datetime, paris_time
from eig.core.links import absolute_url
from eig.mail.services import mail_send
from eig.selection.models import JuryMember, MemberKind

S = ApplicationState


class AuditionError(ApplicationError):
    """A refused action, with a French message for the person who tried it."""


def candidate_notice() -> timedelta:
    """How long before an audition a candidate may still book or move it."""
    return timedelta(hours=getattr(settings, "EIG_AUDITION_NOTICE_HOURS", 24))


def _name(application: Application) -> str:
    return application.first_name or application.candidate.get_short_name()


# Slots ------------------------------------------------------------------------


def _check_slot_fields(starts_at: datetime, ends_at: datetime, place: str, video_url: str):
    if ends_at <= starts_at:
        raise AuditionError(_("La fin du créneau doit suivre son début."))
    if not place.strip() and not video_url.strip():
        raise AuditionError(_("Indiquez un lieu ou un lien de visioconférence."))


def slot_create(
    *,
    call: ApplicationCall,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
) -> AuditionSlot:
    _check_slot_fields(starts_at, ends_at, place, video_url)
    return AuditionSlot.objects.create(
        call=call, starts_at=starts_at, ends_at=ends_at, place=place.strip(), video_url=video_url
    )


def paris_aware(day: date, at: time | datetime) -> datetime:
    """A wall-clock time in Paris as an aware datetime (right on DST days)."""
    if isinstance(at, datetime):
        return at.replace(tzinfo=PARIS)
    return datetime.combine(day, at, tzinfo=PARIS)


@transaction.atomic
def slots_create_series(
    *,
    call: ApplicationCall,
    days: list[date],
    first: time,
    last: time,
    duration_minutes: int,
    pause_minutes: int = 0,
    place: str = "",
    video_url: str = "",
) -> list[AuditionSlot]:
    """Slots one after the other on each day, from `first` until `last` (Paris time)."""
    if not place.strip() and not video_url.strip():
        raise AuditionError(_("Indiquez un lieu ou un lien de visioconférence."))
    try:
        times = schedule.series_times(
            days=days,
            first=first,
            last=last,
            duration=timedelta(minutes=duration_minutes),
            pause=timedelta(minutes=pause_minutes),
        )
    except schedule.SeriesError as error:
        messages = {
            "duration": _("La durée d'un créneau doit être positive."),
            "pause": _("La pause ne peut pas être négative."),
            "last": _("L'heure de fin doit suivre l'heure du premier créneau."),
            "too_many": _("Cette série ferait plus de %(n)d créneaux : réduisez-la.")
            % {"n": schedule.MAX_SLOTS},
        }
        raise AuditionError(messages[str(error)]) from error
    if not times:
        raise AuditionError(
            _(
                "Aucun créneau ne tient entre ces heures : allongez la plage ou "
                "raccourcissez la durée."
            )
        )
    return AuditionSlot.objects.bulk_create(
        AuditionSlot(
            call=call,
            starts_at=start.replace(tzinfo=PARIS),
            ends_at=end.replace(tzinfo=PARIS),
            place=place.strip(),
            video_url=video_url,
        )
        for start, end in times
    )


def slot_update(
    *,
    slot: AuditionSlot,
    by: User,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
) -> AuditionSlot:
    """Change a slot; its booked audition (if any) is updated in everyone's calendar."""
    _check_slot_fields(starts_at, ends_at, place, video_url)
    with transaction.atomic():
        locked = AuditionSlot.objects.select_for_update().get(pk=slot.pk)
        changed = (locked.starts_at, locked.ends_at, locked.place, locked.video_url) != (
            starts_at,
            ends_at,
            place.strip(),
            video_url,
        )
        locked.starts_at, locked.ends_at = starts_at, ends_at
        locked.place, locked.video_url = place.strip(), video_url
        locked.save()
        audition = locked.auditions.filter(state=AuditionState.SCHEDULED).first()
        if changed and audition is not None:
            audition.sequence += 1
            audition.save(update_fields=["sequence", "updated_at"])
            audition.slot = locked
            _notify(audition, "auditions/moved", ics.REQUEST, panel=_panel(locked))
    return locked


@transaction.atomic
def slot_delete(*, slot: AuditionSlot) -> None:
    """Delete a free slot (with the cancelled auditions it kept)."""
    locked = AuditionSlot.objects.select_for_update().get(pk=slot.pk)
    if locked.auditions.filter(state__in=LIVE_STATES).exists():
        raise AuditionError(
            _("Ce créneau est réservé : annulez ou déplacez l'audition avant de le supprimer.")
        )
    locked.auditions.all().delete()
    locked.delete()


# Panels -----------------------------------------------------------------------


def _panel(slot: AuditionSlot) -> list[JuryMember]:
    return list(slot.panel.select_related("user", "organization"))


@transaction.atomic
def panel_set(*, slots: list[AuditionSlot], members: list[JuryMember], by: User) -> None:
    """Give each slot this panel: at least one administration member and one
    outside member, all of the call's jury, none with a conflict of interest
    with the application booked in the slot (declared, or through the
    organisation of a défi it chose). All or nothing."""
    if not by.is_staff:
        raise PermissionDenied
    if not slots:
        raise AuditionError(_("Choisissez au moins un créneau."))
    kinds = {member.kind for member in members}
    if MemberKind.ADMINISTRATION not in kinds or MemberKind.OUTSIDE not in kinds:
        raise AuditionError(
            _(
                "Un jury d'audition réunit au moins un membre de l'administration et une "
                "personnalité extérieure."
            )
        )
    calls = {slot.call_id for slot in slots}
    if len(calls) != 1 or any(member.call_id not in calls for member in members):
        raise AuditionError(_("Choisissez des membres du jury de cet appel."))
    locked = list(
        AuditionSlot.objects.select_for_update().filter(pk__in=[s.pk for s in slots]).order_by("pk")
    )
    problems = panel_problems(locked, members)
    if problems:
        raise AuditionError(" ".join(problems))
    for slot in locked:
        before = {member.pk: member for member in _panel(slot)}
        slot.panel.set(members)
        audition = slot.auditions.filter(state=AuditionState.SCHEDULED).first()
        if audition is None:
            continue
        audition.slot = slot
        added = [m for m in members if m.pk not in before]
        removed = [m for pk, m in before.items() if pk not in {m.pk for m in members}]
        for member in added:
            _notify_member(audition, member, "auditions/panel_invitation", ics.REQUEST)
        for member in removed:
            _notify_member(audition, member, "auditions/panel_cancelled", ics.CANCEL)


def panel_withdraw_in_conflict(
    *, member: JuryMember, application: Application
) -> list[AuditionSlot]:
    """A member who declared a conflict with `application` leaves the panel of
    each slot where its audition is programmed: they get the cancellation
    (.ics), the team is told (the panel may now lack a member of each kind),
    and `panel_set` will refuse to put them back. Returns the slots left."""
    auditions = list(
        Audition.objects.filter(
            application=application, state=AuditionState.SCHEDULED, slot__panel=member
        ).select_related("slot", "application__call__cohort__programme", "application__candidate")
    )
    from eig.applications.selectors import team_addresses

    for audition in auditions:
        slot = AuditionSlot.objects.select_for_update().get(pk=audition.slot_id)
        slot.panel.remove(member)
        audition.slot = slot
        _notify_member(audition, member, "auditions/panel_cancelled", ics.CANCEL)
        left = _panel(slot)
        kinds = {m.kind for m in left}
        context = _mail_context(audition)
        context.update(
            {
                "member": str(member.user),
                "panel": ", ".join(str(m.user) for m in left),
                "incomplete": not {MemberKind.ADMINISTRATION, MemberKind.OUTSIDE} <= kinds,
                "url": absolute_url("auditions:staff_panel", call_pk=slot.call_id)
                + f"?creneau={slot.pk}",
            }
        )
        for address in team_addresses(application.call):
            mail_send(to=address, template="auditions/panel_member_withdrawn", context=context)
    return [audition.slot for audition in auditions]


# Invitations to book -------------------------------------------------------------


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


def _notify(audition, template, method, *, panel):
    """The candidate and the panel members each get the e-mail and their .ics."""
    application = audition.application
    context = _mail_context(audition)
    context["url"] = absolute_url("applications:detail", pk=application.pk)
    mail_send(
        to=application.candidate.email,
        template=template,
        context=context,
        attachments=[
            ics.ics_attachment(
                audition,
                method=method,
                attendees=[application.candidate.email],
                url=context["url"],
            )
        ],
    )
    panel_template = {
        "auditions/cancelled": "auditions/panel_cancelled",
    }.get(template, "auditions/panel_invitation")
    for member in panel:
        _notify_member(audition, member, panel_template, method)


def _notify_member(audition, member: JuryMember, template, method):
    context = _mail_context(audition)
    context["member"] = member.user.get_short_name() or member.user.email
    context["url"] = absolute_url("auditions:panel_detail", pk=audition.pk)
    mail_send(
        to=member.user.email,
        template=template,
        context=context,
        attachments=[
            ics.ics_attachment(
                audition,
                method=method,
                attendees=[member.user.email],
                for_panel=True,
                url=context["url"],
            )
        ],
    )


def _mail_context(audition: Audition) -> dict:
    slot = audition.slot
    with translation.override("fr"):
        return {
            "name": _name(audition.application),
            "candidate": str(audition.application),
            "call": audition.application.call.title,
            "starts_at": paris_datetime(slot.starts_at),
            "ends_at": paris_time(slot.ends_at),
            "place": slot.place,
            "video_url": slot.video_url,
            "sequence": audition.sequence,
            "reason": audition.cancel_reason,
        }


# Results ----------------------------------------------------------------------


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


# Decisions ----------------------------------------------------------------------

DECIDABLE = {
    S.LAUREATE: (S.AUDITIONED, S.WAITING_LIST),
    S.WAITING_LIST: (S.AUDITIONED,),
    S.REFUSED: (S.AUDITIONED, S.WAITING_LIST),
}


def decisions_record(
    *, applications: list[Application], outcome: str, by: User, now: datetime | None = None
) -> tuple[int, list[tuple[Application, str]]]:
    """Staff record a decision for each application (nothing is sent yet).
    Returns (recorded, [(refused application, why)]). The waiting list grows
    in the order given."""
    if not by.is_staff:
        raise PermissionDenied
    if outcome not in DECIDABLE:
        raise AuditionError(_("Choisissez lauréat·e, liste d'attente ou non retenu·e."))
    now = now or timezone.now()
    recorded, refused = 0, []
    for application in applications:
        with transaction.atomic():
            locked = _lock_application(application)
            try:
                check_call_closed(locked.call, now)
            except ApplicationError as error:
                refused.append((locked, error.message))
                continue
            if locked.state not in DECIDABLE[outcome]:
                refused.append(
                    (
                        locked,
                        _("« %(state)s » : cette décision n'est pas possible.")
                        % {"state": locked.get_state_display()},
                    )
                )
                continue
            position = None
            if outcome == S.WAITING_LIST:
                current = Decision.objects.filter(application=locked).first()
                if current is not None and current.outcome == S.WAITING_LIST:
                    position = current.position
                else:
                    last = Decision.objects.of_call(locked.call).aggregate(top=Max("position"))
                    position = (last["top"] or 0) + 1
            Decision.objects.update_or_create(
                application=locked,
                defaults={
                    "outcome": outcome,
                    "position": position,
                    "decided_by": by,
                    "decided_at": now,
                    "announced_at": None,
                },
            )
            recorded += 1
    return recorded, refused


@transaction.atomic
def waiting_list_move(*, decision: Decision, position: int, by: User) -> None:
    """Put a waiting-list application at `position` (1 = first), the others shifted."""
    if not by.is_staff:
        raise PermissionDenied
    entries = list(
        Decision.objects.of_call(decision.application.call).waiting_list().select_for_update()
    )
    moved = next((e for e in entries if e.pk == decision.pk), None)
    if moved is None:
        raise AuditionError(_("Cette candidature n'est pas sur la liste d'attente."))
    entries.remove(moved)
    index = min(max(position, 1), len(entries) + 1) - 1
    entries.insert(index, moved)
    for rank, entry in enumerate(entries, start=1):
        if entry.position != rank:
            Decision.objects.filter(pk=entry.pk).update(position=rank)


DECISION_TEMPLATES = {
    S.LAUREATE: "auditions/decision_laureate",
    S.WAITING_LIST: "auditions/decision_waiting_list",
    S.REFUSED: "auditions/decision_refused",
    S.NOT_PRESELECTED: "auditions/decision_not_preselected",
}


def _announce_one(application: Application, by: User, now) -> bool:
    """Move the application to its recorded outcome and e-mail it, once."""
    with transaction.atomic():
        locked = _lock_application(application)
        decision = Decision.objects.select_for_update().filter(application=locked).first()
        if decision is not None and decision.announced_at is None:
            locked, _changed = application_transition(
                application=locked, to=decision.outcome, by=by, now=now, via=Via.DECISIONS
            )
        if locked.state not in DECISION_TEMPLATES:
            return False
        if decision is not None and decision.announced_at and decision.outcome == locked.state:
            return False  # told already (a second click)
        if decision is None:
            decision = Decision(application=locked)
        if decision.outcome != locked.state:
            # Decided elsewhere (the pre-selection, the application's own page).
            decision.outcome = locked.state
            decision.decided_by, decision.decided_at = by, now
            decision.position = None
            if locked.state == S.WAITING_LIST:
                last = Decision.objects.of_call(locked.call).aggregate(top=Max("position"))
                decision.position = (last["top"] or 0) + 1
        decision.email = _decision_mail(locked, decision)
        decision.announced_at = now
        decision.save()
    return True


def _decision_mail(application: Application, decision: Decision):
    return mail_send(
        to=application.candidate.email,
        template=DECISION_TEMPLATES[application.state],
        context={
            "name": _name(application),
            "call": application.call.title,
            "position": decision.position,
            "url": absolute_url("applications:detail", pk=application.pk),
            "decline_url": absolute_url("auditions:decline", pk=application.pk),
        },
    )


def decisions_announce(
    *, call: ApplicationCall, by: User, now: datetime | None = None
) -> tuple[int, list[tuple[Application, str]]]:
    """Staff: apply every recorded decision of the call not yet announced and
    e-mail it (one e-mail per application and decision, never twice); the
    applications not pre-selected get theirs too. Returns (sent, refused).
    Refused as a whole while the call is still open."""
    if not by.is_staff:
        raise PermissionDenied
    now = now or timezone.now()
    check_call_closed(call, now)  # no decision is told while people may still apply
    sent, refused = 0, []
    for application in decisions_to_announce(call):
        try:
            sent += int(_announce_one(application, by, now))
        except ApplicationError as error:
            refused.append((application, error.message))
    return sent, refused


def laureate_decline(*, application: Application, by: User, comment: str = "") -> Application:
    """The laureate (or staff for them) gives up their place."""
    application, changed = application_transition(
        application=application, to=S.DECLINED, by=by, comment=comment, via=Via.AUDITIONS
    )
    if changed:
        mail_send(
            to=application.candidate.email,
            template="auditions/declined",
            context={
                "name": _name(application),
                "call": application.call.title,
                "by_team": by.pk != application.candidate_id,
                "url": absolute_url("applications:detail", pk=application.pk),
            },
        )
    return application


def waiting_list_call_next(
    *,
    call: ApplicationCall,
    challenge: Challenge,
    by: User,
    now: datetime | None = None,
) -> Application:
    """Staff: a laureate who chose this défi declined; the best-placed
    application of the waiting list that chose it (same profile first)
    becomes laureate and gets the laureate e-mail at once."""
    if not by.is_staff:
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        declined, candidate = waiting_list_next(call, challenge, lock=True)
        if declined is None:
            raise AuditionError(_("Aucun désistement à remplacer pour ce défi."))
        if candidate is None:
            raise AuditionError(
                _("Personne sur la liste d'attente n'a choisi le défi « %(challenge)s ».")
                % {"challenge": challenge.title}
            )
        locked, _changed = application_transition(
            application=_lock_application(candidate),
            to=S.LAUREATE,
            by=by,
            comment=_("Remplace %(name)s (désistement)") % {"name": str(declined)},
            now=now,
            via=Via.DECISIONS,
        )
        decision = Decision.objects.select_for_update().get(application=locked)
        decision.outcome = S.LAUREATE
        decision.position = None
        decision.replaces = declined
        decision.decided_by = by
        decision.decided_at = now
        decision.email = _decision_mail(locked, decision)
        decision.announced_at = now
        decision.save()
    return locked


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
