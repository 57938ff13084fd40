"""Reads of the auditions and decisions: each page's data in a bounded
number of queries, whatever the number of slots or applications."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eig.applications.models import Application, ApplicationCall, ApplicationChoice
from eig.applications.models import ApplicationState as S
from eig.applications.workflow import Transition, Via
from eig.auditions.models import (
    LIVE_STATES,
    Audition,
    AuditionInvitation,
    AuditionSlot,
    AuditionState,
    Decision,
)
from eig.challenges.models import Challenge
from eig.core.dates import PARIS, paris_datetime, paris_time
from eig.selection.models import Conflict, JuryMember


def slot_label(slot: AuditionSlot) -> str:
    with translation.override("fr"):
        return _("%(start)s – %(end)s") % {
            "start": paris_datetime(slot.starts_at),
            "end": paris_time(slot.ends_at),
        }


def slots_queryset():
    live = Audition.objects.live().select_related("application")
    return AuditionSlot.objects.prefetch_related(
        Prefetch("auditions", queryset=live, to_attr="live_auditions"),
        Prefetch("panel", queryset=JuryMember.objects.select_related("user", "organization")),
    )


@dataclass
class Day:
    day: date
    slots: list = field(default_factory=list)


def slots_by_day(slots) -> list[Day]:
    days: dict[date, Day] = {}
    for slot in slots:
        local = timezone.localtime(slot.starts_at, PARIS).date()
        days.setdefault(local, Day(local)).slots.append(slot)
        slot.audition = slot.live_auditions[0] if slot.live_auditions else None
    return list(days.values())


def call_slots(call: ApplicationCall) -> list[Day]:
    """Every slot of a call, by day, with its audition and panel (three queries)."""
    return slots_by_day(slots_queryset().filter(call=call).order_by("starts_at", "pk"))


def invitation_counts(call: ApplicationCall) -> dict:
    preselected = Application.objects.filter(call=call, state=S.PRESELECTED)
    return {
        "preselected": preselected.count(),
        "not_invited": preselected.filter(audition_invitation__isnull=True).count(),
    }


def free_slots_for(application: Application, *, after):
    """Slots a candidate may book: free, far enough ahead, and whose panel
    (if formed) has nobody in conflict with the application."""
    slots = list(
        slots_queryset()
        .filter(call_id=application.call_id, starts_at__gt=after)
        .exclude(auditions__state__in=LIVE_STATES)
        .order_by("starts_at", "pk")
    )
    blocked = {slot.pk for slot, _problem in _conflicts(slots, application=application)}
    return [slot for slot in slots if slot.pk not in blocked]


def _conflicts(slots, *, members=None, application=None):
    """[(slot, message)] for each member of the panel (`members`, or each
    slot's own) in conflict with the slot's application (`application`, or
    the one booked in it)."""
    pairs = []  # (slot, application, members)
    for slot in slots:
        target = application
        if target is None:
            live = getattr(slot, "live_auditions", None)
            if live is None:
                live = list(slot.auditions.filter(state=AuditionState.SCHEDULED))
            target = next((a.application for a in live if a.state == AuditionState.SCHEDULED), None)
        panel = members if members is not None else list(slot.panel.all())
        if target is not None and panel:
            pairs.append((slot, target, panel))
    if not pairs:
        return []
    application_ids = {target.pk for _slot, target, _panel in pairs}
    member_ids = {m.pk for _slot, _target, panel in pairs for m in panel}
    declared = set(
        Conflict.objects.filter(
            application_id__in=application_ids, member_id__in=member_ids
        ).values_list("member_id", "application_id")
    )
    chosen = defaultdict(list)
    for choice in ApplicationChoice.objects.filter(
        application_id__in=application_ids
    ).select_related("challenge__organization"):
        chosen[choice.application_id].append(choice.challenge)
    problems = []
    with translation.override("fr"):
        for slot, target, panel in pairs:
            where = slot_label(slot)
            for member in panel:
                if (member.pk, target.pk) in declared:
                    problems.append(
                        (
                            slot,
                            _(
                                "%(member)s a déclaré un conflit d'intérêts avec la candidature "
                                "de %(candidate)s (créneau du %(slot)s)."
                            )
                            % {"member": member, "candidate": target, "slot": where},
                        )
                    )
                    continue
                for challenge in chosen[target.pk]:
                    if (
                        member.organization_id
                        and challenge.organization_id == member.organization_id
                    ):
                        problems.append(
                            (
                                slot,
                                _(
                                    "%(member)s est de %(organization)s, qui porte le défi "
                                    "« %(challenge)s » choisi par %(candidate)s (créneau du "
                                    "%(slot)s)."
                                )
                                % {
                                    "member": member,
                                    "organization": challenge.organization,
                                    "challenge": challenge.title,
                                    "candidate": target,
                                    "slot": where,
                                },
                            )
                        )
                        break
    return problems


def panel_problems(slots, members, *, application=None) -> list[str]:
    """The French reasons why `members` cannot sit on these slots' panels."""
    return [
        message for _slot, message in _conflicts(slots, members=members, application=application)
    ]


def call_jury(call: ApplicationCall):
    return JuryMember.objects.active().filter(call=call).select_related("user", "organization")


# The candidate ------------------------------------------------------------------


def staff_screen_url(application: Application, transition: Transition) -> str:
    """Where the team makes a transition that belongs to the auditions or the
    decisions (the application's page links there instead of changing the state)."""
    if transition.via == Via.DECISIONS:
        return reverse("auditions:staff_decisions", args=[application.call_id])
    if transition.target == S.DECLINED:
        return reverse("auditions:staff_decline", args=[application.pk])
    if transition.target == S.AUDITION_SCHEDULED:
        return reverse("auditions:staff_assign", args=[application.pk])
    audition = current_audition(application)
    if audition is None:
        return reverse("auditions:staff_slots", args=[application.call_id])
    if transition.target == S.AUDITIONED:
        return reverse("auditions:panel_detail", args=[audition.pk])
    return reverse("auditions:staff_cancel", args=[audition.pk])


def current_audition(application: Application) -> Audition | None:
    return (
        Audition.objects.live()
        .filter(application=application)
        .select_related("slot")
        .order_by("-booked_at")
        .first()
    )


def candidate_audition_context(application: Application, *, now=None) -> dict:
    """What the candidate's page shows of the audition and the decision."""
    from eig.auditions.services import candidate_notice

    now = now or timezone.now()
    audition = current_audition(application)
    invited = AuditionInvitation.objects.filter(application=application).exists()
    can_book = application.state == S.PRESELECTED and invited
    can_move = (
        audition is not None
        and audition.state == AuditionState.SCHEDULED
        and audition.slot.starts_at > now + candidate_notice()
    )
    return {
        "application": application,
        "audition": audition,
        "invited": invited,
        "can_book": can_book,
        "can_move": can_move,
        "decision": Decision.objects.filter(application=application).first(),
        "notice_hours": int(candidate_notice().total_seconds() // 3600),
    }


# Panel members ----------------------------------------------------------------------


def panel_auditions(user):
    return (
        Audition.objects.for_panel_member(user)
        .select_related("slot", "slot__call", "application")
        .order_by("slot__starts_at", "pk")
    )


def panel_audition_detail_queryset():
    return Audition.objects.select_related("slot", "slot__call", "application").prefetch_related(
        Prefetch("slot__panel", queryset=JuryMember.objects.select_related("user", "organization")),
        Prefetch(
            "application__choices",
            queryset=ApplicationChoice.objects.select_related("challenge").order_by("rank"),
        ),
    )


def panel_upcoming_count(user) -> int:
    return Audition.objects.for_panel_member(user).filter(state=AuditionState.SCHEDULED).count()


# Decisions ---------------------------------------------------------------------

DECISION_SCREEN_STATES = (S.AUDITIONED, S.LAUREATE, S.WAITING_LIST, S.REFUSED, S.DECLINED)


@dataclass
class DecisionRow:
    application: Application
    choice_rank: int
    score: float | None
    rank: int | None
    tied: bool
    recommendation: str
    decision: Decision | None


@dataclass
class ChallengeDecisions:
    challenge: Challenge
    rows: list[DecisionRow]
    to_replace: Application | None = None
    next_candidate: Application | None = None


def decision_screen(call: ApplicationCall) -> list[ChallengeDecisions]:
    """Per défi, the applications past their audition that chose it, best
    normalised score first (unscored last), with the panel's recommendation
    and the decision recorded. A bounded number of queries."""
    from eig.selection.selectors import call_ranking

    applications = {
        a.pk: a
        for a in Application.objects.filter(call=call, state__in=DECISION_SCREEN_STATES)
        .select_related("decision", "decision__replaces")
        .annotate(replaced=Exists(Decision.objects.filter(replaces=OuterRef("pk"))))
    }
    recommendations = dict(
        Audition.objects.filter(
            application_id__in=applications, state=AuditionState.HELD
        ).values_list("application_id", "recommendation")
    )
    ranking = call_ranking(call, application_ids=list(applications)) if applications else None
    scores = {}
    if ranking is not None:
        for entry in ranking.applications:
            scores[int(entry.application_id)] = entry
    by_challenge: dict[int, list[DecisionRow]] = defaultdict(list)
    challenges = {}
    for choice in ApplicationChoice.objects.filter(application_id__in=applications).select_related(
        "challenge"
    ):
        application = applications[choice.application_id]
        challenges[choice.challenge_id] = choice.challenge
        score = scores.get(application.pk)
        by_challenge[choice.challenge_id].append(
            DecisionRow(
                application=application,
                choice_rank=choice.rank,
                score=score.normalised_mean if score else None,
                rank=score.rank if score else None,
                tied=bool(score and score.tied),
                recommendation=recommendations.get(application.pk, ""),
                decision=getattr(application, "decision", None),
            )
        )
    result = []
    waiting = _waiting_list(call)
    for challenge_id, rows in by_challenge.items():
        rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.application.pk))
        section = ChallengeDecisions(challenges[challenge_id], rows)
        declined = [
            r.application
            for r in rows
            if r.application.state == S.DECLINED and not r.application.replaced
        ]
        if declined:
            section.to_replace = declined[0]
            section.next_candidate = _pick(waiting, challenge_id, declined[0].profile)
        result.append(section)
    result.sort(key=lambda s: s.challenge.title.casefold())
    return result


def _waiting_list(call: ApplicationCall) -> list[tuple[Application, set[int]]]:
    entries = (
        Decision.objects.of_call(call)
        .waiting_list()
        .filter(application__state=S.WAITING_LIST, announced_at__isnull=False)
        .select_related("application")
        .prefetch_related("application__choices")
    )
    return [(e.application, {c.challenge_id for c in e.application.choices.all()}) for e in entries]


def _pick(waiting, challenge_id: int, profile: str) -> Application | None:
    eligible = [application for application, chosen in waiting if challenge_id in chosen]
    same = [a for a in eligible if a.profile == profile]
    return (same or eligible or [None])[0]


def waiting_list(call: ApplicationCall):
    return Decision.objects.of_call(call).waiting_list().select_related("application")


def waiting_list_next(call: ApplicationCall, challenge: Challenge, *, lock: bool = False):
    """(the declined laureate to replace, the application to call) for a défi."""
    declined = (
        Application.objects.filter(call=call, state=S.DECLINED, choices__challenge=challenge)
        .filter(replaced_by__isnull=True)
        .order_by("pk")
    )
    if lock:
        declined = declined.select_for_update(of=("self",))
    first = declined.first()
    if first is None:
        return None, None
    return first, _pick(_waiting_list(call), challenge.pk, first.profile)


def decisions_to_announce(call: ApplicationCall) -> list[Application]:
    """Applications whose decision is recorded but not announced, and those
    in a decided state never told (pre-selection refusals included)."""
    decided = (S.LAUREATE, S.WAITING_LIST, S.REFUSED, S.NOT_PRESELECTED)
    told = Decision.objects.filter(
        application=OuterRef("pk"), outcome=OuterRef("state"), announced_at__isnull=False
    )
    return list(
        Application.objects.filter(call=call)
        .filter(
            Q(decision__isnull=False, decision__announced_at__isnull=True)
            | (Q(state__in=decided) & ~Exists(told))
        )
        .select_related("candidate", "call")
        .order_by("pk")
    )


def announcement_preview(call: ApplicationCall) -> dict[str, int]:
    """How many e-mails an announcement would send, by decision."""
    counts: dict[str, int] = defaultdict(int)
    for application in decisions_to_announce_with_outcome(call):
        counts[application] += 1
    return dict(counts)


def decisions_to_announce_with_outcome(call: ApplicationCall) -> list[str]:
    outcomes = []
    staged = dict(
        Decision.objects.of_call(call).unannounced().values_list("application_id", "outcome")
    )
    for application in decisions_to_announce(call):
        outcomes.append(staged.get(application.pk, application.state))
    return outcomes


def panel_space_summary(user) -> dict:
    """For the personal space: the person's panel auditions, if any (one query)."""
    counts = Audition.objects.for_panel_member(user).aggregate(
        total=Count("pk", distinct=True),
        upcoming=Count("pk", filter=Q(state=AuditionState.SCHEDULED), distinct=True),
    )
    return counts
