"""The lifecycle of an application: one table of allowed transitions.

    draft → submitted → pre-selected → audition scheduled → auditioned
          → laureate / waiting list / refused; laureate → declined;
    submitted → not pre-selected; and withdrawn.

* The candidate submits and withdraws until the deadline, books an audition
  slot once pre-selected, and may decline a place as laureate.
* The programme team pre-selects (singly or in bulk, with a reason), schedules
  and cancels auditions, records decisions, and records a withdrawal the
  candidate asked for at any stage before a decision.
* An audition panel records that the audition took place (`Actor.PANEL`: the
  auditions service checks the person sits on the panel before it asks).

`services.application_transition` is the only way to change a state, and it
logs every change (`ApplicationTransition`).

Each transition belongs to one service (`Via`): a change that has its own
screen (booking or cancelling an audition, recording it, a decision, a
laureate giving up their place) is refused unless that service asks, so the
slot, the calendars and the e-mails always follow. Only the application's own
transitions marked `bulk` may be made on many applications at once. Selection
work (pre-selection, auditions, decisions) waits for the call to close.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eig.applications.models import ApplicationState as S


class Via(StrEnum):
    """The service a transition belongs to."""

    APPLICATION = "application"  # eig.applications.services (the application's page)
    AUDITIONS = "auditions"  # eig.auditions.services: book, cancel, record, decline
    DECISIONS = "decisions"  # eig.auditions.services: record then announce


class Actor(StrEnum):
    CANDIDATE = "candidate"  # the application's own candidate
    STAFF = "staff"  # the programme team
    PANEL = "panel"  # a member of the application's audition panel


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    actor: Actor
    until_deadline: bool  # refused once the call is closed
    label: str | Promise
    via: Via = Via.APPLICATION
    bulk: bool = False  # may be made on many applications at once (the staff list)
    after_deadline: bool = False  # refused while the call is still open


def _staff(source: str, target: str, label, **options) -> Transition:
    return Transition(source, target, Actor.STAFF, False, label, **options)


def _preselection(source: str, target: str, label) -> Transition:
    return _staff(source, target, label, bulk=True, after_deadline=True)


def _audition(source: str, target: str, label, actor: Actor = Actor.STAFF) -> Transition:
    return Transition(source, target, actor, False, label, via=Via.AUDITIONS, after_deadline=True)


def _decision(source: str, target: str, label) -> Transition:
    return _staff(source, target, label, via=Via.DECISIONS, after_deadline=True)


TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, S.SUBMITTED, Actor.CANDIDATE, True, _("Déposer ma candidature")),
    Transition(S.SUBMITTED, S.WITHDRAWN, Actor.CANDIDATE, True, _("Retirer ma candidature")),
    # Pre-selection, and going back on it.
    _preselection(S.SUBMITTED, S.PRESELECTED, _("Pré-sélectionner")),
    _preselection(S.SUBMITTED, S.NOT_PRESELECTED, _("Ne pas pré-sélectionner")),
    _preselection(S.NOT_PRESELECTED, S.PRESELECTED, _("Pré-sélectionner finalement")),
    _preselection(S.PRESELECTED, S.NOT_PRESELECTED, _("Retirer de la pré-sélection")),
    # Auditions: their own screens (a slot, the calendars, the e-mails).
    _audition(S.PRESELECTED, S.AUDITION_SCHEDULED, _("Choisir un créneau"), Actor.CANDIDATE),
    _audition(S.PRESELECTED, S.AUDITION_SCHEDULED, _("Programmer l'audition")),
    _audition(S.AUDITION_SCHEDULED, S.PRESELECTED, _("Annuler l'audition")),
    _audition(S.AUDITION_SCHEDULED, S.AUDITIONED, _("Enregistrer l'audition"), Actor.PANEL),
    _audition(S.AUDITION_SCHEDULED, S.AUDITIONED, _("Enregistrer l'audition")),
    # Decisions: recorded, then announced from the decisions screen.
    _decision(S.AUDITIONED, S.LAUREATE, _("Retenir (lauréat·e)")),
    _decision(S.AUDITIONED, S.WAITING_LIST, _("Mettre en liste d'attente")),
    _decision(S.AUDITIONED, S.REFUSED, _("Ne pas retenir")),
    # Not auditioned (a missed audition, cancelled): refused from the application's
    # page, the e-mail goes with the announcement of the decisions.
    _staff(S.PRESELECTED, S.REFUSED, _("Ne pas retenir"), after_deadline=True),
    _decision(S.WAITING_LIST, S.LAUREATE, _("Appeler depuis la liste d'attente")),
    _decision(S.WAITING_LIST, S.REFUSED, _("Ne pas retenir")),
    Transition(
        S.LAUREATE, S.DECLINED, Actor.CANDIDATE, False, _("Renoncer à ma place"), Via.AUDITIONS
    ),
    _staff(S.LAUREATE, S.DECLINED, _("Enregistrer le désistement"), via=Via.AUDITIONS),
    # A withdrawal the candidate asked for, at any stage before a decision.
    *(
        _staff(source, S.WITHDRAWN, _("Enregistrer le retrait demandé par la personne"), bulk=True)
        for source in (
            S.SUBMITTED,
            S.PRESELECTED,
            S.NOT_PRESELECTED,
            S.AUDITION_SCHEDULED,
            S.AUDITIONED,
            S.WAITING_LIST,
        )
    ),
)

# The candidate may still change these (until the deadline).
EDITABLE = frozenset({S.DRAFT, S.SUBMITTED})
# A decision is still to come: the account cannot be deleted meanwhile.
DECISION_PENDING = frozenset(
    {S.SUBMITTED, S.PRESELECTED, S.AUDITION_SCHEDULED, S.AUDITIONED, S.WAITING_LIST}
)
# Reached the pre-selection (for the statistics: an application further on
# went through it).
PRESELECTED_OR_LATER = frozenset(
    {S.PRESELECTED, S.AUDITION_SCHEDULED, S.AUDITIONED, S.LAUREATE, S.WAITING_LIST, S.DECLINED}
)
AUDITIONED_OR_LATER = frozenset({S.AUDITIONED, S.LAUREATE, S.DECLINED})
# Final decisions, each announced to the candidate by e-mail.
DECISIONS = frozenset({S.LAUREATE, S.WAITING_LIST, S.REFUSED, S.NOT_PRESELECTED})


def find_transition(source: str, target: str, actors: set[Actor]) -> Transition | None:
    for transition in TRANSITIONS:
        if (
            transition.source == source
            and transition.target == target
            and transition.actor in actors
        ):
            return transition
    return None


def staff_transitions(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source and t.actor == Actor.STAFF]


def staff_targets() -> list[str]:
    """Every state the team may move many applications to at once (bulk actions):
    the pre-selection and recorded withdrawals, never an audition nor a decision."""
    seen: list[str] = []
    for transition in TRANSITIONS:
        if transition.actor == Actor.STAFF and transition.bulk and transition.target not in seen:
            seen.append(transition.target)
    return seen
