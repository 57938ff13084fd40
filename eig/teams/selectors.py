"""Reads of team formation: runs shown as teams in words, with names.

The stored run speaks in keys (`a12`, `d7`); `run_teams` turns it into cards
with the laureates' names and the défis' titles (two queries whatever the
size), and the texts of the solver into sentences with names.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from eig.applications.models import Application, ApplicationState
from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort, Profile
from eig.teams.models import MatchingRun, PairRule, PairRuleKind, RunStatus
from eig.teams.services import KEY, key_pk

PROFILE_LABELS = dict(Profile.choices)


@dataclass
class Person:
    key: str
    application_id: int
    name: str
    profile: str
    explanation: str = ""
    seat: str = ""
    pinned: bool = False
    no_score: bool = False


@dataclass
class Card:
    key: str
    challenge_id: int
    title: str
    url: str
    capacity: int
    min_size: int
    wanted: str
    members: list[Person]
    explanation: str
    understaffed: bool
    closed: bool
    pins: list[str] = field(default_factory=list)
    forbids: list[str] = field(default_factory=list)


@dataclass
class Move:
    name: str
    before: str
    after: str


@dataclass
class RunView:
    run: MatchingRun
    cards: list[Card]
    unassigned: list[Person]
    understaffed: list[Card]
    given_up: list[str]
    checks: dict
    placed: int
    total: int
    previous: MatchingRun | None = None
    moves: list[Move] = field(default_factory=list)


def cohorts_with_laureates():
    """Every cohort with its laureates and runs counted (for the index page)."""
    return (
        Cohort.objects.select_related("programme")
        .annotate(
            laureates=Count(
                "application_calls__applications",
                filter=Q(application_calls__applications__state=ApplicationState.LAUREATE),
                distinct=True,
            ),
            runs=Count("matching_runs", distinct=True),
        )
        .order_by("-year", "-number", "slug")
    )


def cohort_runs(cohort: Cohort):
    return (
        MatchingRun.objects.filter(cohort=cohort)
        .select_related("created_by", "confirmed_by")
        .defer("instance", "result")
        .order_by("-number")
    )


def last_seed(cohort: Cohort) -> int | None:
    """The seed of the cohort's last run: the default of the next one, so that a
    re-run shows only the effect of the new rules."""
    return (
        MatchingRun.objects.filter(cohort=cohort)
        .order_by("-number")
        .values_list("seed", flat=True)
        .first()
    )


def last_confirmed(cohort: Cohort) -> MatchingRun | None:
    return (
        cohort_runs(cohort)
        .filter(status=RunStatus.CONFIRMED)
        .order_by("-confirmed_at", "-number")
        .first()
    )


def cohort_rules(cohort: Cohort):
    return (
        PairRule.objects.filter(cohort=cohort)
        .select_related("application", "challenge", "created_by")
        .order_by("challenge__title", "application__last_name", "pk")
    )


def names_of(keys) -> dict[str, Application]:
    ids = {key_pk(k) for k in keys}
    return {
        f"a{a.pk}": a
        for a in Application.objects.filter(pk__in=ids).only(
            "pk", "first_name", "last_name", "profile"
        )
    }


TITLED_KEY = re.compile(r" \((d\d+)\)")


def humanize(text: str, names: dict[str, str]) -> str:
    """The solver's text with names instead of keys (`a12` → the laureate's name;
    `Title (d7)` → `Title`)."""

    def drop(match):
        title = names.get(match.group(1))
        return "" if title and text[: match.start()].endswith(title) else match.group(0)

    text = TITLED_KEY.sub(drop, text)
    return KEY.sub(lambda m: names.get(m.group(0), m.group(0)), text)


def _wanted_words(item: dict) -> str:
    profiles = item.get("profiles")
    if not profiles:
        return ""
    parts = [
        f"{count} {PROFILE_LABELS.get(name, name).lower()}"
        for name, count in profiles.items()
        if count
    ]
    return ", ".join(parts)


def _seat_words(seat) -> str:
    if seat == "open" or not seat:
        return ""
    return " ou ".join(str(PROFILE_LABELS.get(p, p)).lower() for p in seat)


def run_teams(run: MatchingRun, *, compare: bool = True) -> RunView:
    """Everything the run page shows (a bounded number of queries)."""
    instance, result = run.instance, run.result
    keys = [c["id"] for c in instance["candidates"]]
    applications = names_of(keys)
    challenges = {
        f"d{c.pk}": c
        for c in Challenge.objects.filter(
            pk__in=[key_pk(item["id"]) for item in instance["challenges"]]
        ).only("pk", "title", "slug", "year")
    }
    names: dict[str, str] = {}
    for key in keys:
        application = applications.get(key)
        names[key] = (
            str(application) if application else _("candidature supprimée (%(key)s)") % {"key": key}
        )
    for item in instance["challenges"]:
        names[item["id"]] = item.get("title") or item["id"]
    profiles = {c["id"]: c["profile"] for c in instance["candidates"]}
    notes = result.get("notes", {})

    def person(key: str, seat=None) -> Person:
        return Person(
            key=key,
            application_id=key_pk(key),
            name=names[key],
            profile=str(PROFILE_LABELS.get(profiles.get(key, ""), profiles.get(key, ""))),
            explanation=humanize(result["explanations"].get(key, ""), names),
            seat=_seat_words(seat["seat"]) if seat else "",
            pinned=bool(seat and seat.get("pinned")),
            no_score=key in notes,
        )

    understaffed = set(result.get("understaffed", []))
    closed = set(result.get("closed", []))
    cards = []
    for item in instance["challenges"]:
        did = item["id"]
        challenge = challenges.get(did)
        seats = {s["candidate"]: s for s in result.get("seats", {}).get(did, [])}
        cards.append(
            Card(
                key=did,
                challenge_id=key_pk(did),
                title=names[did],
                url=challenge.get_absolute_url() if challenge else "",
                capacity=item["capacity"],
                min_size=item.get("min_size", 0),
                wanted=_wanted_words(item),
                members=[person(c, seats.get(c)) for c in result["teams"].get(did, [])],
                explanation=humanize(result["challenge_explanations"].get(did, ""), names),
                understaffed=did in understaffed,
                closed=did in closed,
                pins=[names.get(c, c) for c in item.get("pinned", [])],
                forbids=[names.get(c, c) for c in item.get("forbidden", [])],
            )
        )
    view = RunView(
        run=run,
        cards=cards,
        unassigned=[person(c) for c in result.get("unassigned", [])],
        understaffed=[c for c in cards if c.understaffed],
        given_up=[humanize(line, names) for line in result.get("stability_given_up", [])],
        checks=result.get("checks", {}),
        placed=sum(len(c.members) for c in cards),
        total=len(keys),
    )
    if compare:
        previous = (
            MatchingRun.objects.filter(cohort_id=run.cohort_id, number__lt=run.number)
            .only("pk", "number", "result", "cohort_id")
            .order_by("-number")
            .first()
        )
        if previous is not None:
            view.previous = previous
            view.moves = _moves(previous.result, result, names)
    return view


def _team_of(result: dict) -> dict[str, str]:
    return {c: d for d, members in result["teams"].items() for c in members}


def _moves(before: dict, after: dict, names: dict[str, str]) -> list[Move]:
    old, new = _team_of(before), _team_of(after)
    moves = []
    for key in sorted(set(old) | set(new), key=lambda k: names.get(k, k)):
        if old.get(key) != new.get(key):
            moves.append(
                Move(
                    name=names.get(key, key),
                    before=names[old[key]] if key in old else _("sans équipe"),
                    after=names[new[key]] if key in new else _("sans équipe"),
                )
            )
    return moves


def laureate_choices(cohort: Cohort) -> list[tuple[int, str]]:
    return [
        (a.pk, f"{a} ({PROFILE_LABELS.get(a.profile, a.profile)})")
        for a in Application.objects.filter(call__cohort=cohort, state=ApplicationState.LAUREATE)
        .only("pk", "first_name", "last_name", "profile")
        .order_by("last_name", "first_name", "pk")
    ]


def challenge_choices(cohort: Cohort) -> list[tuple[int, str]]:
    return list(
        Challenge.objects.published()
        .filter(cohort=cohort)
        .order_by("title", "pk")
        .values_list("pk", "title")
    )


def rule_kinds() -> list[tuple[str, str]]:
    return list(PairRuleKind.choices)
