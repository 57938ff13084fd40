"""The lifecycle of an application: one table of allowed transitions.

draft → submitted (the candidate, before the deadline) → withdrawn (the
candidate before the deadline; the team at any time, when the candidate asks
through the messages). `services.application_transition` is the only way to
change a state, and it logs every change.

The selection (issue 6) adds its rows here, for instance
`Transition(S.SUBMITTED, "preselected", Actor.STAFF, ...)`, and lists its
states waiting for a decision in `DECISION_PENDING`.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eig.applications.models import ApplicationState as S


class Actor(StrEnum):
    CANDIDATE = "candidate"  # the application's own candidate
    STAFF = "staff"  # the programme team


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    actor: Actor
    until_deadline: bool  # refused once the call is closed
    label: str | Promise


TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, S.SUBMITTED, Actor.CANDIDATE, True, _("Déposer ma candidature")),
    Transition(S.SUBMITTED, S.WITHDRAWN, Actor.CANDIDATE, True, _("Retirer ma candidature")),
    Transition(
        S.SUBMITTED,
        S.WITHDRAWN,
        Actor.STAFF,
        False,
        _("Enregistrer le retrait demandé par la personne"),
    ),
)

# The candidate may still change these (until the deadline).
EDITABLE = frozenset({S.DRAFT, S.SUBMITTED})
# A decision is still to come: the account cannot be deleted meanwhile.
DECISION_PENDING = frozenset({S.SUBMITTED})


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
