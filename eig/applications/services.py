"""Writes of the call for applications: calls, applications, their lifecycle,
documents, messages, and the candidate's personal data."""

import contextlib
from datetime import datetime
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import Role, User
from eig.accounts.services import account_traces_delete, role_grant
from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationMessage,
    ApplicationRevision,
    ApplicationState,
    ApplicationTransition,
    DocumentKind,
)
from eig.applications.selectors import (
    STEP_FIELDS,
    application_detail_queryset,
    application_missing,
    application_snapshot,
    build_search_document,
    call_challenges,
    team_addresses,
)
from eig.applications.signals import application_moved
from eig.applications.storage import private_storage
from eig.applications.uploads import InvalidPdf, check_pdf
from eig.applications.workflow import (
    DECISION_PENDING,
    DECISIONS,
    EDITABLE,
    Actor,
    Via,
    find_transition,
    staff_targets,
)
from eig.audit.models import AuditAction
from eig.audit.services import audit_anonymise, audit_record
from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort
from eig.core.dates import french_date, paris_datetime
from eig.core.links import absolute_url
from eig.mail.services import mail_send


class ApplicationError(Exception):
    """A refused action, with a message for the person who tried it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Calls ---------------------------------------------------------------------


def _check_call_fields(opens_at: datetime, closes_at: datetime, max_choices: int) -> None:
    if closes_at <= opens_at:
        raise ApplicationError(_("La clôture doit être postérieure à l'ouverture."))
    if not 1 <= max_choices <= 3:
        raise ApplicationError(_("Un·e candidat·e choisit de 1 à 3 défis."))


def _check_challenges_published(cohort: Cohort, is_published: bool) -> None:
    """A published call needs défis to choose from: else candidates reach a dead end."""
    if is_published and not Challenge.objects.published().filter(cohort=cohort).exists():
        raise ApplicationError(
            _(
                "La promotion « %(cohort)s » n'a encore aucun défi publié : publiez ses défis "
                "avant de publier l'appel à candidatures, ou enregistrez l'appel sans le publier."
            )
            % {"cohort": cohort}
        )


@transaction.atomic
def application_call_open(
    *,
    cohort: Cohort,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    max_choices: int = 3,
    description: str = "",
    is_published: bool = True,
) -> ApplicationCall:
    """Staff open an appel à candidatures for a cohort (dates exact to the second)."""
    _check_call_fields(opens_at, closes_at, max_choices)
    _check_challenges_published(cohort, is_published)
    return ApplicationCall.objects.create(
        cohort=cohort,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        max_choices=max_choices,
        description=description,
        is_published=is_published,
    )


@transaction.atomic
def application_call_update(*, call: ApplicationCall, **fields) -> ApplicationCall:
    allowed = {"title", "opens_at", "closes_at", "max_choices", "description", "is_published"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not call fields one may change.")
    values = {name: fields.get(name, getattr(call, name)) for name in allowed}
    _check_call_fields(values["opens_at"], values["closes_at"], values["max_choices"])
    _check_challenges_published(call.cohort, values["is_published"])
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    return call


# Deadline and scope ----------------------------------------------------------


def check_call_open(call: ApplicationCall, now: datetime) -> None:
    """Raise unless `now` is within the call: from opening, until the deadline excluded."""
    if now < call.opens_at:
        raise ApplicationError(
            _("L'appel « %(call)s » ouvre le %(date)s (heure de Paris).")
            % {"call": call.title, "date": paris_datetime(call.opens_at)}
        )
    if now >= call.closes_at:
        raise ApplicationError(
            _(
                "L'appel à candidatures est clos depuis le %(date)s (heure de Paris) : la "
                "candidature ne peut plus être déposée ni modifiée. Votre brouillon est conservé."
            )
            % {"date": paris_datetime(call.closes_at)}
        )


def check_call_closed(call: ApplicationCall, now: datetime) -> None:
    """Raise while the call still takes applications: selection work waits for its close."""
    if now < call.closes_at:
        raise ApplicationError(
            _(
                "L'appel « %(call)s » reste ouvert aux candidatures jusqu'au %(date)s (heure "
                "de Paris) : la pré-sélection, les auditions et les décisions commencent à "
                "sa clôture."
            )
            % {"call": call.title, "date": paris_datetime(call.closes_at)}
        )


def _check_owner(application: Application, by: User) -> None:
    if application.candidate_id != by.pk:
        raise PermissionDenied


def check_editable(*, application: Application, by: User, now: datetime | None = None) -> None:
    """Raise unless `by` may change the application now (owner, state, deadline)."""
    _check_owner(application, by)
    if application.state not in EDITABLE:
        raise ApplicationError(
            _("Cette candidature est « %(state)s » : elle ne peut plus être modifiée.")
            % {"state": application.get_state_display()}
        )
    check_call_open(application.call, now or timezone.now())


def _locked(application: Application) -> Application:
    """The row, locked until the transaction ends (PostgreSQL; SQLite writes one at a time)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.call = application.call
    return locked


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _record_changes(application: Application, by: User, section: str, changes: dict, now) -> None:
    """Corrections after submission are kept; a draft's edits are not history."""
    if changes and application.state != ApplicationState.DRAFT:
        ApplicationRevision.objects.create(
            application=application, section=section, changes=changes, by=by, at=now
        )


def refresh_search_document(application: Application) -> None:
    """Rebuild the folded text the team's search reads (after each change)."""
    choices = ApplicationChoice.objects.filter(application=application).select_related("challenge")
    document = build_search_document(application, choices)
    Application.objects.filter(pk=application.pk).update(search_document=document)
    application.search_document = document


# Applying --------------------------------------------------------------------


def application_start(
    *, call: ApplicationCall, candidate: User, now: datetime | None = None
) -> Application:
    """Open (or find again) the candidate's draft for a call; twice is once."""
    existing = Application.objects.filter(call=call, candidate=candidate).first()
    if existing is not None:
        return existing
    if not call.is_published:
        raise ApplicationError(_("Cet appel à candidatures n'est pas publié."))
    check_call_open(call, now or timezone.now())
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                candidate=candidate,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
            )
    except IntegrityError:  # a second click created it meanwhile
        return Application.objects.get(call=call, candidate=candidate)
    role_grant(user=candidate, role=Role.CANDIDATE, verified=True)
    refresh_search_document(application)
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    by: User,
    section: str,
    fields: dict,
    now: datetime | None = None,
) -> Application:
    """Save one step's fields; after submission, the change is kept in the history."""
    now = now or timezone.now()
    allowed = set(STEP_FIELDS.get(section, ())) | (
        {"consent"} if section == "consentement" else set()
    )
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Fields {sorted(unknown)} are not part of step {section}.")
    locked = _locked(application)
    check_editable(application=locked, by=by, now=now)
    changes = {}
    for name, value in fields.items():
        if name == "consent":
            if value and locked.consent_at is None:
                locked.consent_at = now
                changes["consent_at"] = [None, now.isoformat()]
            continue
        before = getattr(locked, name)
        if before != value:
            changes[name] = [_json_value(before), _json_value(value)]
            setattr(locked, name, value)
    if changes:
        locked.save()
        _record_changes(locked, by, section, changes, now)
        refresh_search_document(locked)
    return locked


@transaction.atomic
def application_choices_save(
    *,
    application: Application,
    by: User,
    choices: list[tuple[Challenge, str]],
    now: datetime | None = None,
) -> Application:
    """Replace the ranked défis: [(défi, motivation)] in order of preference."""
    now = now or timezone.now()
    locked = _locked(application)
    check_editable(application=locked, by=by, now=now)
    call = locked.call
    if not choices:
        raise ApplicationError(_("Choisissez au moins un défi."))
    if len(choices) > call.max_choices:
        raise ApplicationError(
            _("Cet appel permet de choisir au plus %(n)d défi(s).") % {"n": call.max_choices}
        )
    challenge_ids = [challenge.pk for challenge, _motivation in choices]
    if len(set(challenge_ids)) != len(challenge_ids):
        raise ApplicationError(_("Un même défi ne peut être choisi qu'une fois."))
    allowed = set(call_challenges(call).filter(pk__in=challenge_ids).values_list("pk", flat=True))
    if allowed != set(challenge_ids):
        raise ApplicationError(_("Choisissez parmi les défis de cette promotion."))
    for _challenge, motivation in choices:
        if not motivation.strip():
            raise ApplicationError(_("Expliquez votre motivation pour chaque défi choisi."))
    old = [
        {"rank": c.rank, "challenge": c.challenge.title, "motivation": c.motivation}
        for c in locked.choices.select_related("challenge").order_by("rank")
    ]
    new = [
        {"rank": rank, "challenge": challenge.title, "motivation": motivation.strip()}
        for rank, (challenge, motivation) in enumerate(choices, start=1)
    ]
    if old == new:
        return locked
    ApplicationChoice.objects.filter(application=locked).delete()
    ApplicationChoice.objects.bulk_create(
        ApplicationChoice(
            application=locked, challenge=challenge, rank=rank, motivation=motivation.strip()
        )
        for rank, (challenge, motivation) in enumerate(choices, start=1)
    )
    locked.save(update_fields=["updated_at"])
    _record_changes(locked, by, "defis", {"choices": [old, new]}, now)
    refresh_search_document(locked)
    return locked


def _store_pdf(file: IO[bytes], original_name: str) -> tuple[str, object]:
    """Check the PDF by its content, then write it under a random name."""
    try:
        info = check_pdf(file)
    except InvalidPdf as error:
        raise ApplicationError(error.message) from error
    name = private_storage.save(
        ApplicationDocument._meta.get_field("file").generate_filename(None, original_name),
        File(file),
    )
    return name, info


def _clean_name(original_name: str) -> str:
    name = (original_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(c for c in name if c.isprintable())[:150] or "document.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    return name


def _delete_files_on_commit(names: list[str]) -> None:
    def delete():
        for name in names:
            with contextlib.suppress(OSError):
                private_storage.delete(name)

    transaction.on_commit(delete)


def application_cv_upload(
    *,
    application: Application,
    by: User,
    file: IO[bytes],
    original_name: str,
    now: datetime | None = None,
) -> ApplicationDocument:
    """Check and store the CV; a draft's previous CV is deleted, a submitted
    application's is kept in the history."""
    now = now or timezone.now()
    check_editable(application=application, by=by, now=now)  # before writing any file
    name, info = _store_pdf(file, original_name)
    try:
        with transaction.atomic():
            locked = _locked(application)
            check_editable(application=locked, by=by, now=now)
            previous = ApplicationDocument.objects.current_cvs().filter(application=locked).first()
            if previous is not None:
                if locked.state == ApplicationState.DRAFT:
                    _delete_files_on_commit([previous.file.name])
                    previous.delete()
                else:
                    previous.replaced_at = now
                    previous.save(update_fields=["replaced_at"])
            document = ApplicationDocument.objects.create(
                application=locked,
                kind=DocumentKind.CV,
                file=name,
                original_name=_clean_name(original_name),
                size=info.size,
                sha256=info.sha256,
                pages=info.pages,
                uploaded_by=by,
                uploaded_at=now,
            )
            locked.save(update_fields=["updated_at"])
            _record_changes(
                locked,
                by,
                "cv",
                {"cv": [previous.original_name if previous else None, document.original_name]},
                now,
            )
    except BaseException:
        private_storage.delete(name)
        raise
    return document


# Lifecycle -------------------------------------------------------------------


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


# Messages --------------------------------------------------------------------


def message_post(
    *,
    application: Application,
    by: User,
    body: str,
    attachment: IO[bytes] | None = None,
    attachment_name: str = "",
    now: datetime | None = None,
) -> ApplicationMessage:
    """A message of the thread, from the candidate or the team; the other side is told.

    Allowed whatever the state and the deadline: it changes nothing of the
    application itself. An attachment follows the CV's rules.
    """
    now = now or timezone.now()
    from_team = bool(by.is_staff)
    if not from_team and application.candidate_id != by.pk:
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ApplicationError(_("Écrivez votre message."))
    name = None
    info = None
    if attachment is not None:
        name, info = _store_pdf(attachment, attachment_name)
    try:
        with transaction.atomic():
            message = ApplicationMessage.objects.create(
                application=application, author=by, from_team=from_team, body=body, created_at=now
            )
            if name:
                ApplicationDocument.objects.create(
                    application=application,
                    message=message,
                    kind=DocumentKind.ATTACHMENT,
                    file=name,
                    original_name=_clean_name(attachment_name),
                    size=info.size,
                    sha256=info.sha256,
                    pages=info.pages,
                    uploaded_by=by,
                    uploaded_at=now,
                )
            _notify_message(application, message)
    except BaseException:
        if name:
            private_storage.delete(name)
        raise
    return message


def _notify_message(application: Application, message: ApplicationMessage):
    call = application.call
    context = {
        "candidate": str(application),
        "call": call.title,
        "body": message.body,
        "attachment": bool(message.attachments.exists()) if message.pk else False,
    }
    if message.from_team:
        context["url"] = absolute_url("applications:messages", pk=application.pk)
        mail_send(
            to=application.candidate.email,
            template="applications/message_to_candidate",
            context=context,
        )
        return
    context["url"] = absolute_url("applications:staff_detail", pk=application.pk)
    for address in team_addresses(call):
        mail_send(
            to=address,
            template="applications/message_to_team",
            context=context,
            about=application.candidate,
        )


def applications_bulk_message(
    *, applications, by: User, body: str, now: datetime | None = None
) -> int:
    """Staff: the same message to each application's thread (each candidate told)."""
    if not by.is_staff:
        raise PermissionDenied
    count = 0
    for application in applications:
        message_post(application=application, by=by, body=body, now=now)
        count += 1
    return count


# Personal data ---------------------------------------------------------------


def candidate_account_delete(*, user: User) -> None:
    """Delete the account and everything held about the person, files included.

    Refused while a decision on one of their applications is pending, and for
    the team's accounts (not self-service).
    """
    from eig.mail.models import Email

    if user.is_staff:
        raise ApplicationError(
            _("Un compte de l'équipe du programme ne peut pas être supprimé ici.")
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if Application.objects.filter(candidate=user, state__in=DECISION_PENDING).exists():
            raise ApplicationError(
                _(
                    "Une décision est en attente sur votre candidature : retirez-la avant "
                    "de supprimer votre compte, ou écrivez à l'équipe du programme."
                )
            )
        names = list(
            ApplicationDocument.objects.filter(application__candidate=user).values_list(
                "file", flat=True
            )
        )
        user_id = user.pk
        application_ids = list(
            Application.objects.filter(candidate=user).values_list("pk", flat=True)
        )
        account_traces_delete(user=user)  # before the e-mails naming former addresses go
        Email.objects.to_address(user.email).delete()
        _registrations_delete(user)
        user.delete()  # its e-mails (`Email.about`) go with it
        _delete_files_on_commit(names)
    # The log may be in a database of its own: once the deletion is committed.
    audit_anonymise(
        actor_id=user_id, application_ids=application_ids, targets=[("accounts.user", user_id)]
    )


def _registrations_delete(user: User) -> None:
    """The person's event registrations: a place held goes to the first person
    waiting, then the rows (name, address) are deleted."""

    from eig.events.models import Registration
    from eig.events.services import registration_cancel

    mine = Registration.objects.filter(user=user) | Registration.objects.filter(
        email__iexact=user.email
    )
    for registration in mine.live().select_related("event"):
        registration_cancel(registration=registration, notify=False)
    mine.delete()
