"""The lifecycle of an application: its transitions, submission, withdrawal."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.models import (
    Application,
    ApplicationRevision,
    ApplicationState,
    ApplicationTransition,
)
from eig.applications.selectors import (
    application_detail_queryset,
    application_missing,
    application_snapshot,
)
from eig.applications.services.scope import (
    ApplicationError,
    _locked,
    check_call_closed,
    check_call_open,
)
from eig.applications.signals import application_moved
from eig.applications.workflow import DECISIONS, Actor, Via, find_transition, staff_targets
from eig.audit.models import AuditAction
from eig.audit.services import audit_record
from eig.core.dates import french_date, paris_datetime
from eig.core.links import absolute_url
from eig.mail.services import mail_send


def _elsewhere(via: str) -> str:
    """Why a transition with a screen of its own is refused from anywhere else."""
    if via == Via.DECISIONS:
        return _(
            "Les décisions s'enregistrent sur l'écran des décisions de l'appel, puis y sont "
            "annoncées : chaque personne reçoit alors son courriel."
        )
    return _(
        "Cette action se fait depuis l'écran des auditions, qui tient à jour le créneau et "
        "les agendas et prévient la personne et le jury."
    )


def _actors(application: Application, by: User) -> set[Actor]:
    actors = set()
    if application.candidate_id == by.pk:
        actors.add(Actor.CANDIDATE)
    if by.is_staff:
        actors.add(Actor.STAFF)
    return actors


def application_transition(
    *,
    application: Application,
    to: str,
    by: User,
    comment: str = "",
    now: datetime | None = None,
    as_panel: bool = False,
    via: Via = Via.APPLICATION,
) -> tuple[Application, bool]:
    """Move an application along `workflow.TRANSITIONS`; the only way to change a state.

    Returns (application, changed). Asking again for the state it is already
    in changes nothing and sends nothing (a double click, a retried request).
    `as_panel`: the caller (the auditions service) checked that `by` sits on
    the application's audition panel. `via`: the service asking; a transition
    that belongs to the auditions or the decisions is refused from anywhere else.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(application)
        if locked.state == to:
            return locked, False
        actors = _actors(locked, by)
        if as_panel:
            actors.add(Actor.PANEL)
        if not actors:
            raise PermissionDenied
        rule = find_transition(locked.state, to, actors)
        if rule is None:
            raise ApplicationError(
                _("Cette candidature est « %(state)s » : cette action n'est plus possible.")
                % {"state": locked.get_state_display()}
            )
        if rule.via != Via.APPLICATION and rule.via != via:
            raise ApplicationError(_elsewhere(rule.via))
        if rule.until_deadline:
            check_call_open(locked.call, now)
        if rule.after_deadline:
            check_call_closed(locked.call, now)
        if to == ApplicationState.SUBMITTED:
            _check_complete(locked)
        source = locked.state
        locked.state = to
        if to == ApplicationState.SUBMITTED:
            locked.submitted_at = now
        if to == ApplicationState.WITHDRAWN:
            locked.withdrawn_at = now
        try:
            with transaction.atomic():
                ApplicationTransition.objects.create(
                    application=locked,
                    from_state=source,
                    to_state=to,
                    by=by,
                    at=now,
                    comment=comment,
                )
        except IntegrityError:  # submitted already, by a request that did not see it
            return Application.objects.get(pk=locked.pk), False
        locked.save(update_fields=["state", "submitted_at", "withdrawn_at", "updated_at"])
        audit_record(
            actor=by,
            action=AuditAction.DECISION if to in DECISIONS else AuditAction.STATE_CHANGED,
            target=locked,
            # Whether a comment was given, not its text (it stays on the transition,
            # which the purge empties).
            detail={"from": source, "to": to, "commented": bool(comment)},
        )
        _after_transition(locked, source, by, now)
        application_moved.send(
            sender=Application,
            application=locked,
            source=source,
            target=to,
            by=by,
            now=now,
        )
    return locked, True


def _check_complete(application: Application) -> None:
    detailed = application_detail_queryset().get(pk=application.pk)
    missing = application_missing(detailed)
    if missing:
        raise ApplicationError(
            _("Il manque encore : %(steps)s.")
            % {"steps": ", ".join(str(label) for _name, label in missing)}
        )


def _after_transition(application: Application, source: str, by: User, now):
    detailed = application_detail_queryset().get(pk=application.pk)
    snapshot = application_snapshot(detailed)
    url = absolute_url("applications:detail", pk=application.pk)
    name = application.first_name or application.candidate.get_short_name()
    if application.state == ApplicationState.SUBMITTED:
        ApplicationRevision.objects.create(
            application=application,
            section=ApplicationRevision.SUBMISSION,
            changes=snapshot,
            by=by,
            at=now,
        )
        mail_send(
            to=application.candidate.email,
            template="applications/receipt",
            context={
                "name": name,
                "application": snapshot,
                "available_from": french_date(application.available_from),
                "closes_at": paris_datetime(application.call.closes_at),
                "url": url,
            },
        )
    elif application.state == ApplicationState.WITHDRAWN:
        mail_send(
            to=application.candidate.email,
            template="applications/withdrawn",
            context={
                "name": name,
                "call": application.call.title,
                "at": paris_datetime(now),
                "by_team": by.pk != application.candidate_id,
                "url": url,
            },
        )


def application_submit(
    *, application: Application, by: User, now: datetime | None = None
) -> tuple[Application, bool]:
    """Submit before the deadline; idempotent: (application, submitted by this call)."""
    return application_transition(
        application=application, to=ApplicationState.SUBMITTED, by=by, now=now
    )


def application_withdraw(
    *,
    application: Application,
    by: User,
    comment: str = "",
    now: datetime | None = None,
) -> tuple[Application, bool]:
    return application_transition(
        application=application,
        to=ApplicationState.WITHDRAWN,
        by=by,
        comment=comment,
        now=now,
    )


def applications_bulk_transition(
    *,
    applications,
    to: str,
    by: User,
    comment: str = "",
    now: datetime | None = None,
) -> tuple[int, list[tuple[Application, str]]]:
    """Staff: move each application; returns (changed count, [(refused, why)]).

    Only the pre-selection and recorded withdrawals go in bulk: an audition or
    a decision has its own screen, with its e-mails (refused here as a whole)."""
    if not by.is_staff:
        raise PermissionDenied
    if to not in staff_targets():
        raise ApplicationError(
            _("« %(state)s » ne se décide pas pour plusieurs candidatures à la fois.")
            % {"state": ApplicationState(to).label if to in ApplicationState.values else to}
        )
    changed, refused = 0, []
    for application in applications:
        try:
            _application, done = application_transition(
                application=application, to=to, by=by, comment=comment, now=now
            )
        except ApplicationError as error:
            refused.append((application, error.message))
        else:
            changed += int(done)
    return changed, refused
