"""Applying: starting an application, filling its steps, its choices and its CV."""

import contextlib
from datetime import datetime
from typing import IO

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import Role, User
from eig.accounts.services import role_grant
from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationState,
    DocumentKind,
)
from eig.applications.selectors import STEP_FIELDS, call_challenges
from eig.applications.services.scope import (
    ApplicationError,
    _json_value,
    _locked,
    _record_changes,
    check_call_open,
    check_editable,
    refresh_search_document,
)
from eig.applications.storage import private_storage
from eig.applications.uploads import InvalidPdf, check_pdf
from eig.challenges.models import Challenge


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
