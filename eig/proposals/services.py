"""Writes of the call for projects: calls, proposals, their lifecycle, the jury."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eig.accounts.models import Role, User
from eig.accounts.selectors import agent_organizations, user_has_role, user_roles
from eig.challenges.models import Challenge, ChallengeMentor, Funding, Mentor, Skill
from eig.cohorts.models import Cohort, Profile
from eig.core.dates import format_datetime
from eig.core.links import absolute_link, absolute_url
from eig.events.models import Event, EventKind
from eig.mail.services import mail_send
from eig.organizations.models import Organization
from eig.proposals.models import (
    ChallengeCall,
    Criterion,
    Proposal,
    ProposalMentor,
    ProposalReview,
    ProposalState,
    ProposalTransition,
)
from eig.proposals.workflow import EDITABLE_STATES, TRANSITIONS


class ProposalError(Exception):
    """A refused action, with a message for the person who tried it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _paris(moment: datetime) -> str:
    return format_datetime(moment, seconds=True)


# Calls ---------------------------------------------------------------------


def _save_meeting(
    call: ChallengeCall, *, starts_at: datetime | None, location: str, is_online: bool
) -> None:
    if starts_at is None:
        return
    event = call.information_event or Event(kind=EventKind.INFORMATION_SESSION)
    event.title = _("Réunion d'information — %(call)s") % {"call": call.title}
    event.starts_at = starts_at
    event.location = location
    event.is_online = is_online
    event.cohort = call.cohort
    event.description = _(
        "Présentation de l'appel à projets aux administrations qui souhaitent proposer un défi."
    )
    if not event.slug:
        base = slugify(f"reunion-information-{call.title}")[:180] or "reunion-information"
        slug, n = base, 1
        while Event.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        event.slug = slug
    event.save()
    if call.information_event_id != event.pk:
        call.information_event = event
        call.save(update_fields=["information_event", "updated_at"])


@transaction.atomic
def call_open(
    *,
    cohort: Cohort,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
    meeting_starts_at: datetime | None = None,
    meeting_location: str = "",
    meeting_is_online: bool = False,
    by: User,
) -> ChallengeCall:
    """Staff open an appel à projets for a cohort, with its information meeting."""
    if closes_at <= opens_at:
        raise ProposalError(_("La clôture doit être postérieure à l'ouverture."))
    call = ChallengeCall.objects.create(
        cohort=cohort,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        description=description,
        created_by=by,
    )
    _save_meeting(
        call, starts_at=meeting_starts_at, location=meeting_location, is_online=meeting_is_online
    )
    return call


@transaction.atomic
def call_update(
    *,
    call: ChallengeCall,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
    meeting_starts_at: datetime | None = None,
    meeting_location: str = "",
    meeting_is_online: bool = False,
) -> ChallengeCall:
    if closes_at <= opens_at:
        raise ProposalError(_("La clôture doit être postérieure à l'ouverture."))
    call.title, call.description = title, description
    call.opens_at, call.closes_at = opens_at, closes_at
    call.save()
    _save_meeting(
        call, starts_at=meeting_starts_at, location=meeting_location, is_online=meeting_is_online
    )
    return call


# Proposals: writing --------------------------------------------------------


def _check_call_open(call: ChallengeCall, now: datetime) -> None:
    if now < call.opens_at:
        raise ProposalError(
            _("L'appel à projets « %(call)s » ouvre le %(date)s (heure de Paris).")
            % {"call": call.title, "date": _paris(call.opens_at)}
        )
    if now >= call.closes_at:
        raise ProposalError(
            _(
                "L'appel à projets « %(call)s » est clos depuis le %(date)s (heure de Paris) : "
                "la proposition ne peut plus être modifiée ni déposée. Votre brouillon est "
                "conservé."
            )
            % {"call": call.title, "date": _paris(call.closes_at)}
        )


def _check_agent(proposal: Proposal, by: User) -> None:
    if not (
        user_has_role(by, Role.AGENT)
        and Proposal.objects.for_agent(by).filter(pk=proposal.pk).exists()
    ):
        raise PermissionDenied


def check_editable(*, proposal: Proposal, by: User, now: datetime | None = None) -> None:
    """Raise unless `by` may change the proposal now (state, deadline, scope)."""
    _check_agent(proposal, by)
    if proposal.state not in EDITABLE_STATES:
        raise ProposalError(
            _("Cette proposition est « %(state)s » : elle ne peut plus être modifiée.")
            % {"state": proposal.get_state_display()}
        )
    _check_call_open(proposal.call, now or timezone.now())


@transaction.atomic
def proposal_create(
    *, call: ChallengeCall, organization: Organization, by: User, now: datetime | None = None
) -> Proposal:
    if not agent_organizations(by).filter(pk=organization.pk).exists():
        raise PermissionDenied
    _check_call_open(call, now or timezone.now())
    return Proposal.objects.create(call=call, organization=organization, author=by)


EDITABLE_FIELDS = frozenset(
    {
        "title",
        "pitch",
        "organization",
        "location",
        "context",
        "problem",
        "data_available",
        "expected_outcome",
        "developers",
        "designers",
        "data_scientists",
        "cofunding_commitment",
    }
)


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, by: User, fields: dict, now: datetime | None = None
) -> Proposal:
    """Save one step of the proposal form (drafts and submitted ones, before the deadline)."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    check_editable(proposal=proposal, by=by, now=now)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    organization = fields.get("organization")
    if (
        organization is not None
        and organization.pk != proposal.organization_id
        and not agent_organizations(by).filter(pk=organization.pk).exists()
    ):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_mentors_save(
    *, proposal: Proposal, by: User, mentors: list[dict], now: datetime | None = None
) -> None:
    """Replace the proposal's mentors by `mentors` (dicts: kind, name, position_title, email)."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",)).select_related("call").get(pk=proposal.pk)
    )
    check_editable(proposal=proposal, by=by, now=now)
    proposal.mentors.all().delete()
    ProposalMentor.objects.bulk_create(
        ProposalMentor(proposal=proposal, position=position, **mentor)
        for position, mentor in enumerate(mentors)
    )
    proposal.save(update_fields=["updated_at"])


def proposal_missing(proposal: Proposal) -> list[tuple[str, str]]:
    """What is still missing before the proposal can be submitted: (step, message)."""
    missing = []
    labels = {
        "title": ("presentation", _("le titre")),
        "pitch": ("presentation", _("le défi en une phrase")),
        "location": ("presentation", _("le lieu de travail")),
        "context": ("defi", _("le contexte")),
        "problem": ("defi", _("le problème à résoudre")),
        "data_available": ("defi", _("les données disponibles")),
        "expected_outcome": ("defi", _("les résultats attendus")),
    }
    for field, (step, label) in labels.items():
        if not getattr(proposal, field).strip():
            missing.append((step, _("Indiquez %(what)s.") % {"what": label}))
    kinds = {mentor.kind for mentor in proposal.mentors.all()}
    if "operational" not in kinds:
        missing.append(("mentors", _("Nommez au moins un mentor opérationnel.")))
    if "strategic" not in kinds:
        missing.append(("mentors", _("Nommez au moins un mentor stratégique.")))
    programme = proposal.call.cohort.programme
    if not programme.team_min_size <= proposal.team_size <= programme.team_max_size:
        missing.append(
            (
                "equipe",
                _("Demandez une équipe de %(min)d à %(max)d EIG.")
                % {"min": programme.team_min_size, "max": programme.team_max_size},
            )
        )
    if not proposal.cofunding_commitment:
        missing.append(("equipe", _("Confirmez l'engagement de cofinancement.")))
    return missing


# The lifecycle --------------------------------------------------------------


@transaction.atomic
def proposal_transition(
    *,
    proposal: Proposal,
    to: str,
    by: User,
    comment: str = "",
    now: datetime | None = None,
) -> Proposal:
    """Move a proposal to another state if the table allows it for `by`; log it."""
    now = now or timezone.now()
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__cohort__programme", "organization", "author", "challenge")
        .get(pk=proposal.pk)
    )
    source = proposal.state
    allowed = TRANSITIONS.get((source, to))
    if allowed is None:
        raise ProposalError(
            _("Une proposition « %(from)s » ne peut pas passer à « %(to)s ».")
            % {"from": proposal.get_state_display(), "to": ProposalState(to).label}
        )
    if not allowed & user_roles(by):
        raise PermissionDenied
    if Role.AGENT in allowed:
        check_editable(proposal=proposal, by=by, now=now)

    if to == ProposalState.SUBMITTED:
        missing = proposal_missing(proposal)
        if missing:
            raise ProposalError(
                _("La proposition est incomplète : %(items)s")
                % {"items": " ".join(message for _step, message in missing)}
            )
        proposal.submitted_at = now
    elif to == ProposalState.SELECTED:
        proposal.funding = Funding.COFUNDED
    elif to == ProposalState.REMARKED:
        proposal.funding = Funding.REMARKED
    elif to in (ProposalState.UNDER_REVIEW, ProposalState.NOT_SELECTED):
        proposal.funding = ""
    proposal.state = to
    if to == ProposalState.PUBLISHED:
        proposal.challenge = _challenge_publish(proposal)
    proposal.save()
    ProposalTransition.objects.create(
        proposal=proposal, from_state=source, to_state=to, by=by, at=now, comment=comment
    )
    if to == ProposalState.SUBMITTED:
        mail_send(
            to=by.email,
            template="proposal_submitted",
            context={
                "name": by.get_short_name(),
                "title": proposal.title,
                "organization": proposal.organization.name,
                "call": proposal.call.title,
                "closes_at": _paris(proposal.call.closes_at),
                "url": absolute_url("proposals:agent_detail", pk=proposal.pk),
            },
        )
    if to == ProposalState.PUBLISHED and proposal.author:
        mail_send(
            to=proposal.author.email,
            template="proposal_published",
            context={
                "name": proposal.author.get_short_name(),
                "title": proposal.title,
                "funding": proposal.get_funding_display(),
                "url": absolute_link(proposal.challenge.get_absolute_url()),
            },
        )
    return proposal


def _unique_slug(model, base: str, *, exclude_pk=None, **scope) -> str:
    base = slugify(base)[:180] or "defi"
    slug, n = base, 1
    while model.objects.filter(slug=slug, **scope).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


PROFILE_SKILLS = {
    Profile.DEVELOPER: "developers",
    Profile.DESIGNER: "designers",
    Profile.DATA_SCIENTIST: "data_scientists",
}


def _challenge_body(proposal: Proposal) -> str:
    sections = [
        (_("Contexte"), proposal.context),
        (_("Le problème"), proposal.problem),
        (_("Les données disponibles"), proposal.data_available),
        (_("Les résultats attendus"), proposal.expected_outcome),
    ]
    return "\n\n".join(f"## {title}\n\n{text.strip()}" for title, text in sections if text.strip())


def _challenge_publish(proposal: Proposal) -> Challenge:
    """Create (or update) the public défi of a validated proposal, with its mentors."""
    cohort = proposal.call.cohort
    challenge = proposal.challenge or Challenge(
        cohort=cohort, year=cohort.year, source_key=f"proposal:{proposal.pk}"
    )
    if not challenge.slug:
        challenge.slug = _unique_slug(Challenge, proposal.title, year=challenge.year)
    challenge.title = proposal.title
    challenge.pitch = proposal.pitch
    challenge.body = _challenge_body(proposal)
    challenge.organization = proposal.organization
    challenge.organization_label = proposal.organization.name
    challenge.town = proposal.location
    challenge.duration_months = cohort.programme.duration_months
    challenge.funding = proposal.funding
    challenge.is_published = True
    challenge.save()

    wanted = [profile for profile, field in PROFILE_SKILLS.items() if getattr(proposal, field)]
    challenge.skills.set(Skill.objects.filter(profile__in=wanted))

    kept = []
    for position, proposed in enumerate(proposal.mentors.select_related("mentor")):
        mentor = proposed.mentor or Mentor(slug=_unique_slug(Mentor, proposed.name))
        mentor.name = proposed.name
        mentor.position_title = proposed.position_title
        mentor.save()
        if proposed.mentor_id != mentor.pk:
            proposed.mentor = mentor
            proposed.save(update_fields=["mentor"])
        ChallengeMentor.objects.update_or_create(
            challenge=challenge,
            mentor=mentor,
            defaults={"kind": proposed.kind, "position": position},
        )
        kept.append(mentor.pk)
    ChallengeMentor.objects.filter(challenge=challenge).exclude(mentor__in=kept).delete()
    return challenge


# The jury --------------------------------------------------------------------


class ReviewClosed(ProposalError):
    pass


@transaction.atomic
def reviews_assign(*, proposal: Proposal, reviewers: list[User], by: User) -> list[ProposalReview]:
    """Staff give a proposal to jury members (idempotent); each is told by e-mail."""
    if proposal.state not in (ProposalState.SUBMITTED, ProposalState.UNDER_REVIEW):
        raise ProposalError(
            _("On ne confie au jury que des propositions déposées ou en cours d'examen.")
        )
    created = []
    for reviewer in reviewers:
        if not user_has_role(reviewer, Role.JURY):
            raise ProposalError(_("%(person)s n'est pas membre du jury.") % {"person": reviewer})
        if Proposal.objects.for_agent(reviewer).filter(pk=proposal.pk).exists():
            raise ProposalError(
                _("%(person)s est agent de l'administration qui propose ce défi.")
                % {"person": reviewer}
            )
        review, is_new = ProposalReview.objects.get_or_create(
            proposal=proposal, reviewer=reviewer, defaults={"assigned_by": by}
        )
        if is_new:
            created.append(review)
            mail_send(
                to=reviewer.email,
                template="jury_assigned",
                context={
                    "name": reviewer.get_short_name(),
                    "title": proposal.title,
                    "organization": proposal.organization.name,
                    "url": absolute_url("proposals:jury_review", pk=proposal.pk),
                },
            )
    return created


@transaction.atomic
def review_declare_conflict(
    *, review: ProposalReview, comment: str, now: datetime | None = None
) -> ProposalReview:
    """A jury member steps aside: they no longer see nor score this proposal."""
    review = ProposalReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
    if review.conflict_declared_at is None:
        review.conflict_declared_at = now or timezone.now()
        review.conflict_comment = comment
        for criterion in Criterion.values:
            setattr(review, f"score_{criterion}", None)
        review.save()
    return review


@transaction.atomic
def review_save(
    *, review: ProposalReview, scores: dict[str, int | None], comment: str, now=None
) -> ProposalReview:
    """Save a jury member's grid (partial grids are kept: they save as they go)."""
    review = (
        ProposalReview.objects.select_for_update(of=("self",))
        .select_related("proposal")
        .get(pk=review.pk)
    )
    if review.in_conflict:
        raise PermissionDenied
    if review.proposal.state != ProposalState.UNDER_REVIEW:
        raise ReviewClosed(
            _(
                "L'examen de cette proposition n'est pas ouvert : "
                "la grille ne peut pas être modifiée."
            )
        )
    for criterion in Criterion.values:
        value = scores.get(criterion)
        if value is not None and not 1 <= value <= 5:
            raise ValueError("scores go from 1 to 5")
        setattr(review, f"score_{criterion}", value)
    review.comment = comment
    review.scored_at = now or timezone.now()
    review.save()
    return review
