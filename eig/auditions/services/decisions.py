"""The decisions: recorded, the waiting list ordered, announced, declined, the next one called."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.models import Application, ApplicationCall
from eig.applications.services import ApplicationError, application_transition, check_call_closed
from eig.applications.workflow import Via
from eig.auditions.models import Decision
from eig.auditions.selectors import decisions_to_announce, waiting_list_next
from eig.auditions.services.booking import _lock_application
from eig.auditions.services.common import AuditionError, S, _name
from eig.challenges.models import Challenge
from eig.core.links import absolute_url
from eig.mail.services import mail_send

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
