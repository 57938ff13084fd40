"""Writes of the jury review: members, conflicts, assignments, reviews,
the reviewers' discussion and the team's notes.

The rules of who reviews what live in the pure `assignment` module; this
module converts the database to its plain data and back, and checks the same
rules for the changes staff make by hand.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.models import Role, User
from eig.accounts.services import user_invite
from eig.applications.models import Application, ApplicationCall
from eig.audit.models import AuditAction
from eig.audit.services import audit_record
from eig.organizations.models import Organization
from eig.selection import assignment as pure
from eig.selection.models import (
    Conflict,
    JuryMember,
    MemberKind,
    ReviewAssignment,
    ReviewMessage,
    StaffNote,
)
from eig.selection.scoring import CRITERIA, MAX_SCORE, MIN_SCORE
from eig.selection.selectors import (
    assignment_inputs,
    criteria_labels,
    reviewable_applications,
    reviews_per_application,
)


class SelectionError(Exception):
    """A refused action, with a message for the person who tried it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _name(user: User) -> str:
    return user.get_full_name() or user.email


# Jury members ------------------------------------------------------------------


@transaction.atomic
def jury_member_add(
    *,
    call: ApplicationCall,
    email: str,
    kind: str,
    organization: Organization | None,
    mentored_challenges=(),
    by: User,
) -> tuple[JuryMember, bool]:
    """Staff put a person on the jury of a call: an existing account found by
    its e-mail address, or a new one, invited to set a password (the
    invitation of eig.accounts, which grants Role.JURY and writes to them). Returns
    (member, created); adding someone already on the jury updates them."""
    if not by.is_staff:
        raise PermissionDenied
    if kind == MemberKind.ADMINISTRATION and organization is None:
        raise SelectionError(_("Indiquez l'administration de ce membre du jury."))
    if kind == MemberKind.OUTSIDE:
        organization = None
    challenges = list(mentored_challenges)
    if any(challenge.cohort_id != call.cohort_id for challenge in challenges):
        raise SelectionError(_("Choisissez des défis de la promotion de cet appel."))
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.is_staff:
        raise SelectionError(
            _("%(email)s fait partie de l'équipe du programme : elle voit déjà tout.")
            % {"email": email}
        )
    # Role.JURY granted; a new account gets a link to set its password, an
    # existing one a note that leads to the personal space.
    user = user_invite(email=email, role=Role.JURY, organization=None, by=by)
    member, created = JuryMember.objects.get_or_create(
        call=call, user=user, defaults={"kind": kind, "organization": organization}
    )
    if not created:
        member.kind, member.organization, member.is_active = kind, organization, True
        member.save(update_fields=["kind", "organization", "is_active", "updated_at"])
    member.mentored_challenges.set(challenges)
    audit_record(
        actor=by,
        action=AuditAction.ASSIGNMENT,
        target=member,
        detail={"created": created, "user": user.pk, "call": call.pk},
    )
    return member, created


# Conflicts of interest ---------------------------------------------------------


@transaction.atomic
def conflict_declare(
    *, member: JuryMember, application: Application, reason: str, by: User
) -> tuple[Conflict, bool]:
    """A member (or staff on their behalf) declares a conflict of interest with
    an application of their call. The member stops reviewing it at once: their
    assignment is removed, with the review they may have written, and they
    leave the panel of its audition if one is programmed (the team is told)."""
    if not (by.is_staff or by.pk == member.user_id):
        raise PermissionDenied
    if member.call_id != application.call_id:
        raise SelectionError(_("Cette candidature ne relève pas de l'appel de ce jury."))
    reason = reason.strip()
    if not reason:
        raise SelectionError(_("Précisez la nature du conflit d'intérêts."))
    conflict, created = Conflict.objects.get_or_create(
        member=member, application=application, defaults={"reason": reason}
    )
    removed = ReviewAssignment.objects.filter(member=member, application=application)
    had_review = removed.exists()
    removed.delete()
    from eig.auditions.services import panel_withdraw_in_conflict

    panel_withdraw_in_conflict(member=member, application=application)
    if created:
        audit_record(
            actor=by,
            action=AuditAction.ASSIGNMENT,
            target=conflict,
            application_id=application.pk,
            # The member by id; the reason stays on the conflict, not in the log.
            detail={
                "member": member.pk,
                "user": member.user_id,
                "review_withdrawn": had_review,
            },
        )
    return conflict, created


# Assignment ------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRun:
    created: int
    kept: int
    removed: int
    result: pure.Assignment


def _started(assignment: ReviewAssignment) -> bool:
    return assignment.submitted_at is not None or bool(
        assignment.scores() or assignment.comment.strip()
    )


@transaction.atomic
def assignment_run(
    *, call: ApplicationCall, by: User, k: int | None = None, seed: int = 0
) -> AssignmentRun:
    """Assign the reviewable applications of the call (pre-selected, audition
    scheduled or auditioned) to the active jury members with
    `assignment.assign_reviews`. Kept as they are: reviews already started or
    submitted, and reviewers staff added by hand; the others are recomputed,
    and assignments of applications no longer reviewable are dropped unless
    started."""
    if not by.is_staff:
        raise PermissionDenied
    k = k or reviews_per_application()
    ApplicationCall.objects.select_for_update().filter(pk=call.pk).first()
    applications, members = assignment_inputs(call)
    current = list(
        ReviewAssignment.objects.filter(application__call=call).only(
            "pk",
            "member_id",
            "application_id",
            "assigned_by_id",
            "submitted_at",
            "comment",
            *CRITERIA,
        )
    )
    reviewable = {a.id for a in applications}
    active = {m.id for m in members}
    kept, fixed = set(), []
    for item in current:
        key = (str(item.member_id), str(item.application_id))
        if _started(item) or (
            item.assigned_by_id is not None and key[0] in active and key[1] in reviewable
        ):
            kept.add(item.pk)
            fixed.append(key)
    result = pure.assign_reviews(applications, members, k=k, seed=seed, fixed=fixed)
    wanted = {
        (member_id, application_id)
        for application_id, member_ids in result.reviewers.items()
        for member_id in member_ids
    }
    existing = {(str(a.member_id), str(a.application_id)): a for a in current}
    stale = [a.pk for key, a in existing.items() if key not in wanted and a.pk not in kept]
    ReviewAssignment.objects.filter(pk__in=stale).delete()
    new = [
        ReviewAssignment(
            member_id=int(member_id),
            application_id=int(application_id),
            as_mentor=(member_id, application_id) in result.mentor_reviews,
        )
        for member_id, application_id in sorted(wanted - set(existing))
    ]
    ReviewAssignment.objects.bulk_create(new, batch_size=1000)
    mentor_flags = [
        a
        for key, a in existing.items()
        if key in wanted and a.as_mentor != (key in result.mentor_reviews)
    ]
    for item in mentor_flags:
        item.as_mentor = (str(item.member_id), str(item.application_id)) in result.mentor_reviews
    if mentor_flags:
        ReviewAssignment.objects.bulk_update(mentor_flags, ["as_mentor"], batch_size=1000)
    loads = list(result.loads.values())
    audit_record(
        actor=by,
        action=AuditAction.ASSIGNMENT,
        target=call,
        detail={
            "attribution automatique": True,
            "K": k,
            "candidatures": len(applications),
            "membres": len(members),
            "créées": len(new),
            "conservées": len(kept),
            "retirées": len(stale),
            "manques": len(result.shortfalls),
            "charge min": min(loads) if loads else 0,
            "charge max": max(loads) if loads else 0,
        },
    )
    return AssignmentRun(created=len(new), kept=len(kept), removed=len(stale), result=result)


def _check_may_review(member: JuryMember, application: Application) -> None:
    """The rules of `assignment`, for a choice made by hand, in French."""
    if member.call_id != application.call_id:
        raise SelectionError(_("Ce membre ne fait pas partie du jury de cet appel."))
    if not member.is_active:
        raise SelectionError(_("Ce membre ne fait plus partie du jury."))
    if Conflict.objects.filter(member=member, application=application).exists():
        raise SelectionError(
            _("%(name)s a déclaré un conflit d'intérêts avec cette candidature.")
            % {"name": _name(member.user)}
        )
    if member.organization_id is None:
        return
    choices = list(
        application.choices.select_related("challenge__organization").filter(
            challenge__organization_id=member.organization_id
        )
    )
    mentored = set(member.mentored_challenges.values_list("pk", flat=True))
    if choices and not any(choice.challenge_id in mentored for choice in choices):
        raise SelectionError(
            _(
                "%(name)s appartient à %(organization)s, qui porte le défi « %(challenge)s » "
                "choisi par cette candidature : un membre du jury n'évalue pas les candidatures "
                "aux défis de sa propre administration (sauf le mentor du défi)."
            )
            % {
                "name": _name(member.user),
                "organization": choices[0].challenge.organization,
                "challenge": choices[0].challenge.title,
            }
        )


@transaction.atomic
def assignment_add(*, application: Application, member: JuryMember, by: User) -> ReviewAssignment:
    """Staff ask one more member to review an application (the same rules as
    the automatic assignment)."""
    if not by.is_staff:
        raise PermissionDenied
    _check_may_review(member, application)
    mentor = member.mentored_challenges.filter(application_choices__application=application)
    try:
        with transaction.atomic():
            created = ReviewAssignment.objects.create(
                member=member,
                application=application,
                assigned_by=by,
                as_mentor=mentor.exists(),
            )
    except IntegrityError as duplicate:
        raise SelectionError(
            _("%(name)s évalue déjà cette candidature.") % {"name": _name(member.user)}
        ) from duplicate
    audit_record(
        actor=by,
        action=AuditAction.ASSIGNMENT,
        target=created,
        application_id=application.pk,
        detail={"added": member.pk, "user": member.user_id},
    )
    return created


@transaction.atomic
def assignment_remove(*, assignment: ReviewAssignment, by: User) -> None:
    """Staff take a review from a member, unless it was already sent."""
    if not by.is_staff:
        raise PermissionDenied
    if assignment.submitted_at is not None:
        raise SelectionError(
            _("%(name)s a déjà envoyé son évaluation : elle ne peut plus être retirée.")
            % {"name": _name(assignment.member.user)}
        )
    audit_record(
        actor=by,
        action=AuditAction.ASSIGNMENT,
        target=assignment,
        application_id=assignment.application_id,
        detail={"removed": assignment.member_id, "user": assignment.member.user_id},
    )
    assignment.delete()


# Reviews -----------------------------------------------------------------------


def review_save(
    *,
    assignment: ReviewAssignment,
    by: User,
    scores: dict[str, int | None],
    comment: str,
    submit: bool = False,
    now: datetime | None = None,
) -> ReviewAssignment:
    """Save the reviewer's scores and comment as they are (a draft), and send
    the review when `submit`: then all six criteria must be scored. What was
    typed is saved even when sending is refused."""
    now = now or timezone.now()
    if by.pk != assignment.member.user_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.submitted_at is not None:
            raise SelectionError(
                _("Votre évaluation est déjà envoyée : elle ne peut plus être modifiée.")
            )
        for code in CRITERIA:
            value = scores.get(code)
            if value is not None and not MIN_SCORE <= value <= MAX_SCORE:
                raise SelectionError(_("Chaque note va de 1 à 5."))
            setattr(locked, code, value)
        locked.comment = comment.strip()
        locked.save()
    if submit:
        missing = [code for code in CRITERIA if getattr(locked, code) is None]
        if missing:
            labels = criteria_labels(assignment.application.call)
            raise SelectionError(
                _(
                    "Pour envoyer votre évaluation, notez les six critères. Il manque : "
                    "%(criteria)s. Votre brouillon est enregistré."
                )
                % {"criteria": ", ".join(labels[code] for code in missing)}
            )
        with transaction.atomic():
            updated = ReviewAssignment.objects.filter(
                pk=locked.pk, submitted_at__isnull=True
            ).update(submitted_at=now, updated_at=now)
            if updated:
                locked.submitted_at = now
                audit_record(
                    actor=by,
                    action=AuditAction.REVIEW_SUBMITTED,
                    target=locked,
                    application_id=locked.application_id,
                )
    return locked


def reviews_viewed(*, by: User, reviews, application_id: int) -> None:
    """Write in the audit log that `by` read these reviews of an application."""
    for review in reviews:
        audit_record(
            actor=by,
            action=AuditAction.REVIEW_VIEWED,
            target=review,
            application_id=application_id,
            detail={"member": review.member_id, "user": review.member.user_id},
        )


# Discussion and notes ----------------------------------------------------------


def may_discuss(user: User, application: Application) -> bool:
    """Staff, and the reviewers of the application who sent their review and
    declared no conflict with it."""
    if user.is_staff:
        return True
    return (
        ReviewAssignment.objects.submitted()
        .filter(application=application, member__user=user, member__is_active=True)
        .exists()
        and not Conflict.objects.filter(application=application, member__user=user).exists()
    )


def review_message_post(*, application: Application, by: User, body: str) -> ReviewMessage:
    if not may_discuss(by, application):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise SelectionError(_("Écrivez votre message."))
    return ReviewMessage.objects.create(application=application, author=by, body=body)


def staff_note_add(*, application: Application, by: User, body: str) -> StaffNote:
    if not by.is_staff:
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise SelectionError(_("Écrivez la note."))
    return StaffNote.objects.create(application=application, author=by, body=body)


__all__ = [
    "AssignmentRun",
    "SelectionError",
    "assignment_add",
    "assignment_remove",
    "assignment_run",
    "conflict_declare",
    "jury_member_add",
    "may_discuss",
    "review_message_post",
    "review_save",
    "reviewable_applications",
    "reviews_viewed",
    "staff_note_add",
]


def selection_anonymise(application_ids: list[int]) -> None:
    """The purge of personal data (eig.privacy) anonymises these applications:
    empty what the jury wrote about them; the scores stay, for the statistics."""
    ReviewAssignment.objects.filter(application_id__in=application_ids).update(comment="")
    Conflict.objects.filter(application_id__in=application_ids).update(reason="")
    ReviewMessage.objects.filter(application_id__in=application_ids).delete()
    StaffNote.objects.filter(application_id__in=application_ids).delete()
