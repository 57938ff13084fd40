"""Writes of cohort life: onboarding, reminders, attendance, outcomes, alumni."""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import Role, User
from eig.accounts.services import user_invite
from eig.challenges.models import Challenge
from eig.cohortlife.models import (
    Attendance,
    ChallengeOutcome,
    ChecklistItem,
    ChecklistTemplateItem,
    Contract,
    FellowAccount,
    OutcomeLink,
    Reminder,
    ReminderKind,
    Responsible,
)
from eig.cohorts.models import Cohort, Fellow
from eig.core.dates import french_date
from eig.core.links import absolute_link
from eig.events.models import Event
from eig.mail.services import mail_send


class CohortLifeError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Accounts -------------------------------------------------------------------------


@transaction.atomic
def fellow_account_link(*, fellow: Fellow, email: str, by: User) -> FellowAccount:
    """Link a fellow's profile to an account, inviting the person if they have none
    (the invitation gives them the fellow role)."""
    user = user_invite(email=email, role=Role.FELLOW, organization=None, by=by)
    other = FellowAccount.objects.filter(user=user).exclude(fellow=fellow).first()
    if other is not None:
        raise CohortLifeError(
            _("Ce compte est déjà lié au profil de %(name)s.") % {"name": other.fellow.name}
        )
    link, _created = FellowAccount.objects.update_or_create(
        fellow=fellow, defaults={"user": user, "linked_by": by}
    )
    return link


# Onboarding -------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the last day of a shorter month)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def contract_defaults(*, cohort: Cohort, fellow: Fellow) -> dict:
    """A CDD from the cohort's start for the programme's length (10 months) and
    pay, employed by the host administration of the fellow's défi."""
    if cohort.starts_on is None:
        raise CohortLifeError(
            _("La date de début de la promotion %(cohort)s n'est pas renseignée.")
            % {"cohort": cohort.name}
        )
    programme = cohort.programme
    challenge = (
        Challenge.objects.filter(cohort=cohort, fellows=fellow)
        .select_related("organization")
        .order_by("title", "pk")
        .first()
    )
    return {
        "starts_on": cohort.starts_on,
        "ends_on": add_months(cohort.starts_on, programme.duration_months)
        - datetime.timedelta(days=1),
        "monthly_net_pay": programme.monthly_net_pay,
        "challenge": challenge,
        "employer": challenge.organization if challenge else None,
    }


DEFAULT_CHECKLIST = [
    (_("Signer le contrat de travail"), Responsible.FELLOW, -14),
    (
        _("Envoyer les pièces du dossier administratif (RIB, pièce d'identité, diplômes)"),
        Responsible.FELLOW,
        -14,
    ),
    (_("Préparer le poste de travail, les accès et le badge"), Responsible.STAFF, -7),
    (_("Présenter l'équipe à ses mentors opérationnel et stratégique"), Responsible.STAFF, 7),
    (_("Participer au séminaire d'accueil de la promotion"), Responsible.FELLOW, 14),
    (_("Publier son profil sur le site (ou le garder privé)"), Responsible.FELLOW, 30),
]


@transaction.atomic
def checklist_template_default(*, cohort: Cohort) -> list[ChecklistTemplateItem]:
    """The programme's usual onboarding steps, for a cohort without its own."""
    existing = list(cohort.checklist_template.all())
    if existing:
        return existing
    return ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(
            cohort=cohort,
            position=position,
            title=str(title),
            responsible=responsible,
            due_days=due_days,
        )
        for position, (title, responsible, due_days) in enumerate(DEFAULT_CHECKLIST)
    )


def checklist_template_add(
    *, cohort: Cohort, title: str, description: str, responsible: str, due_days: int
) -> ChecklistTemplateItem:
    """Add a step to the cohort's template and to every open checklist of the cohort."""
    with transaction.atomic():
        last = cohort.checklist_template.order_by("-position").first()
        item = ChecklistTemplateItem.objects.create(
            cohort=cohort,
            position=(last.position + 1) if last else 0,
            title=title,
            description=description,
            responsible=responsible,
            due_days=due_days,
        )
        for contract in cohort.contracts.all():
            checklist_sync(contract=contract)
    return item


@transaction.atomic
def checklist_template_remove(*, item: ChecklistTemplateItem) -> None:
    """Remove a step from the template and from the checklists where it is not done."""
    ChecklistItem.objects.filter(template_item=item, done_at__isnull=True).delete()
    item.delete()


def checklist_sync(*, contract: Contract) -> int:
    """Copy the cohort's template steps the fellow's checklist lacks (idempotent)."""
    have = set(contract.checklist.values_list("template_item_id", flat=True))
    start = contract.cohort.starts_on or contract.starts_on
    missing = [
        ChecklistItem(
            contract=contract,
            template_item=item,
            position=item.position,
            title=item.title,
            description=item.description,
            responsible=item.responsible,
            due_on=start + datetime.timedelta(days=item.due_days),
        )
        for item in contract.cohort.checklist_template.all()
        if item.pk not in have
    ]
    ChecklistItem.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def onboarding_open(*, cohort: Cohort, fellow: Fellow) -> Contract:
    """The fellow's contract (with defaults) and checklist for the cohort (idempotent)."""
    with transaction.atomic():
        contract = Contract.objects.filter(cohort=cohort, fellow=fellow).first()
        if contract is None:
            contract = Contract.objects.create(
                cohort=cohort, fellow=fellow, **contract_defaults(cohort=cohort, fellow=fellow)
            )
        checklist_template_default(cohort=cohort)
        checklist_sync(contract=contract)
    return contract


def cohort_onboarding_open(*, cohort: Cohort) -> int:
    """A contract and a checklist for every fellow of the cohort; returns how many were new."""
    created = 0
    with transaction.atomic():
        have = set(cohort.contracts.values_list("fellow_id", flat=True))
        for fellow in cohort.fellows.order_by("name", "pk"):
            onboarding_open(cohort=cohort, fellow=fellow)
            created += fellow.pk not in have
    return created


def checklist_tick(*, item: ChecklistItem, done: bool, by: User) -> ChecklistItem:
    """Tick or untick a step (the fellow or the team), keeping who and when."""
    if done and item.done_at is None:
        item.done_at, item.done_by = timezone.now(), by
    elif not done:
        item.done_at, item.done_by = None, None
    item.save(update_fields=["done_at", "done_by"])
    return item


# Reminders -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRule:
    """A reminder goes when `today` is in [anchor + first, anchor + last]: a late
    run still sends it, but a first run long after a cohort sends nothing old."""

    kind: ReminderKind
    anchor: str  # "starts_on" or "ends_on" of the contract
    first: int
    last: int


REMINDER_RULES = (
    ReminderRule(ReminderKind.ONBOARDING, "starts_on", -14, -1),
    ReminderRule(ReminderKind.WELCOME, "starts_on", 0, 6),
    ReminderRule(ReminderKind.END_SOON, "ends_on", -30, -1),
    ReminderRule(ReminderKind.ALUMNI, "ends_on", 1, 30),
)


def cohort_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail the reminders due today to fellows with an account, once each.

    Driven by each contract's dates (the cohort's start and the programme's
    length by default). Run it daily; running it twice sends nothing more
    (one `Reminder` row per contract and kind, unique in the database).
    """
    today = today or timezone.localdate()
    contracts = (
        Contract.objects.filter(
            fellow__account_link__isnull=False,
            starts_on__lte=today + datetime.timedelta(days=14),
            ends_on__gte=today - datetime.timedelta(days=30),
        )
        .select_related("fellow__account_link__user", "cohort", "challenge")
        .prefetch_related("reminders")
        .order_by("pk")
    )
    sent = 0
    for contract in contracts.iterator(chunk_size=200):
        done = {reminder.kind for reminder in contract.reminders.all()}
        for rule in REMINDER_RULES:
            anchor = getattr(contract, rule.anchor)
            due = anchor + datetime.timedelta(days=rule.first)
            until = anchor + datetime.timedelta(days=rule.last)
            if rule.kind in done or not (due <= today <= until):
                continue
            sent += _send_reminder(contract, rule.kind)
    return sent


def _send_reminder(contract: Contract, kind: ReminderKind) -> int:
    user = contract.fellow.account_link.user
    if not user.is_active:
        return 0
    open_items = [
        item.title
        for item in contract.checklist.filter(
            done_at__isnull=True, responsible=Responsible.FELLOW
        ).order_by("position", "pk")
    ]
    context = {
        "name": user.get_short_name() if user.first_name else contract.fellow.name,
        "cohort": contract.cohort.name,
        "challenge": contract.challenge.title if contract.challenge else "",
        "starts_on": french_date(contract.starts_on),
        "ends_on": french_date(contract.ends_on),
        "open_items": open_items,
        "url": absolute_link("/espace/promotion/"),
    }
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(contract=contract, kind=kind)
            reminder.email = mail_send(
                to=user.email, template=f"cohortlife/reminder_{kind}", context=context
            )
            reminder.save(update_fields=["email"])
    except IntegrityError:
        return 0  # another run sent it first
    return 1


# Attendance ------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    event: Event,
    fellows: Iterable[Fellow],
    mentors: Iterable,
    present_fellows: set[int],
    present_mentors: set[int],
    by: User,
) -> int:
    """Record who came among the people expected (absent ones are recorded too)."""
    rows = [
        Attendance(event=event, fellow=fellow, present=fellow.pk in present_fellows, noted_by=by)
        for fellow in fellows
    ] + [
        Attendance(event=event, mentor=mentor, present=mentor.pk in present_mentors, noted_by=by)
        for mentor in mentors
    ]
    existing = {(a.fellow_id, a.mentor_id): a for a in Attendance.objects.filter(event=event)}
    to_create, to_update = [], []
    for row in rows:
        current = existing.get((row.fellow_id, row.mentor_id))
        if current is None:
            to_create.append(row)
        elif current.present != row.present:
            current.present, current.noted_by = row.present, by
            to_update.append(current)
    Attendance.objects.bulk_create(to_create)
    now = timezone.now()
    for attendance in to_update:
        attendance.noted_at = now
    Attendance.objects.bulk_update(to_update, ["present", "noted_by", "noted_at"])
    return sum(1 for row in rows if row.present)


# Outcomes ----------------------------------------------------------------------------


@transaction.atomic
def outcome_save(
    *,
    challenge: Challenge,
    status: str,
    summary: str,
    is_published: bool,
    links: list[dict],
    by: User,
) -> ChallengeOutcome:
    """Record what a défi delivered; `links` replace the previous ones."""
    outcome, _created = ChallengeOutcome.objects.update_or_create(
        challenge=challenge,
        defaults={
            "status": status,
            "summary": summary,
            "is_published": is_published,
            "updated_by": by,
        },
    )
    outcome.links.all().delete()
    OutcomeLink.objects.bulk_create(
        OutcomeLink(outcome=outcome, position=position, **link)
        for position, link in enumerate(links)
    )
    return outcome


# Alumni ------------------------------------------------------------------------------


def alumni_profile_update(*, fellow: Fellow, is_public: bool, next_steps: str) -> Fellow:
    """The fellow chooses whether their profile is public, and says what they did next."""
    fellow.is_public = is_public
    fellow.next_steps = next_steps.strip()
    fellow.save(update_fields=["is_public", "next_steps", "updated_at"])
    return fellow
