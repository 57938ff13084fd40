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
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eig.applications.models import ApplicationState as S


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


def _staff(source: str, target: str, label) -> Transition:
    return Transition(source, target, Actor.STAFF, False, label)


TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, S.SUBMITTED, Actor.CANDIDATE, True, _("Déposer ma candidature")),
    Transition(S.SUBMITTED, S.WITHDRAWN, Actor.CANDIDATE, True, _("Retirer ma candidature")),
    # Pre-selection, and going back on it.
    _staff(S.SUBMITTED, S.PRESELECTED, _("Pré-sélectionner")),
    _staff(S.SUBMITTED, S.NOT_PRESELECTED, _("Ne pas pré-sélectionner")),
    _staff(S.NOT_PRESELECTED, S.PRESELECTED, _("Pré-sélectionner finalement")),
    _staff(S.PRESELECTED, S.NOT_PRESELECTED, _("Retirer de la pré-sélection")),
    # Auditions.
    Transition(
        S.PRESELECTED, S.AUDITION_SCHEDULED, Actor.CANDIDATE, False, _("Choisir un créneau")
    ),
    _staff(S.PRESELECTED, S.AUDITION_SCHEDULED, _("Programmer l'audition")),
    _staff(S.AUDITION_SCHEDULED, S.PRESELECTED, _("Annuler l'audition")),
    Transition(S.AUDITION_SCHEDULED, S.AUDITIONED, Actor.PANEL, False, _("Enregistrer l'audition")),
    _staff(S.AUDITION_SCHEDULED, S.AUDITIONED, _("Enregistrer l'audition")),
    # Decisions.
    _staff(S.AUDITIONED, S.LAUREATE, _("Retenir (lauréat·e)")),
    _staff(S.AUDITIONED, S.WAITING_LIST, _("Mettre en liste d'attente")),
    _staff(S.AUDITIONED, S.REFUSED, _("Ne pas retenir")),
    _staff(S.PRESELECTED, S.REFUSED, _("Ne pas retenir")),
    _staff(S.WAITING_LIST, S.LAUREATE, _("Appeler depuis la liste d'attente")),
    _staff(S.WAITING_LIST, S.REFUSED, _("Ne pas retenir")),
    Transition(S.LAUREATE, S.DECLINED, Actor.CANDIDATE, False, _("Renoncer à ma place")),
    _staff(S.LAUREATE, S.DECLINED, _("Enregistrer le désistement")),
    # A withdrawal the candidate asked for, at any stage before a decision.
    *(
        _staff(source, S.WITHDRAWN, _("Enregistrer le retrait demandé par la personne"))
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
    """Every state the team may move applications to (for bulk actions)."""
    seen: list[str] = []
    for transition in TRANSITIONS:
        if transition.actor == Actor.STAFF and transition.target not in seen:
            seen.append(transition.target)
    return seen
