"""The lifecycle of a défi proposal: one table of allowed transitions.

draft → submitted → under review → selected (co-funded) / remarked
(self-funded) / not selected → validated (steering committee) → published.
A decision may be reconsidered (back to under review) until it is validated.
Each entry says which roles may trigger it; `proposal_transition` (services)
is the only way to change a proposal's state, and it logs every change.
"""

from django.utils.translation import gettext_lazy as _

from eig.accounts.models import Role
from eig.proposals.models import ProposalState as S

TRANSITIONS: dict[tuple[str, str], frozenset[Role]] = {
    (S.DRAFT, S.SUBMITTED): frozenset({Role.AGENT}),
    (S.SUBMITTED, S.UNDER_REVIEW): frozenset({Role.STAFF}),
    (S.UNDER_REVIEW, S.SELECTED): frozenset({Role.STAFF}),
    (S.UNDER_REVIEW, S.REMARKED): frozenset({Role.STAFF}),
    (S.UNDER_REVIEW, S.NOT_SELECTED): frozenset({Role.STAFF}),
    (S.SELECTED, S.UNDER_REVIEW): frozenset({Role.STAFF}),
    (S.REMARKED, S.UNDER_REVIEW): frozenset({Role.STAFF}),
    (S.NOT_SELECTED, S.UNDER_REVIEW): frozenset({Role.STAFF}),
    (S.SELECTED, S.VALIDATED): frozenset({Role.STAFF}),
    (S.REMARKED, S.VALIDATED): frozenset({Role.STAFF}),
    (S.VALIDATED, S.PUBLISHED): frozenset({Role.STAFF}),
}

# The button that triggers each transition.
LABELS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): _("Déposer la proposition"),
    (S.SUBMITTED, S.UNDER_REVIEW): _("Ouvrir l'examen par le jury"),
    (S.UNDER_REVIEW, S.SELECTED): _("Sélectionner (cofinancé à 70 %)"),
    (S.UNDER_REVIEW, S.REMARKED): _("Remarquer (financé par l'administration)"),
    (S.UNDER_REVIEW, S.NOT_SELECTED): _("Ne pas retenir"),
    (S.SELECTED, S.UNDER_REVIEW): _("Revenir sur la décision"),
    (S.REMARKED, S.UNDER_REVIEW): _("Revenir sur la décision"),
    (S.NOT_SELECTED, S.UNDER_REVIEW): _("Revenir sur la décision"),
    (S.SELECTED, S.VALIDATED): _("Enregistrer la validation du comité de pilotage"),
    (S.REMARKED, S.VALIDATED): _("Enregistrer la validation du comité de pilotage"),
    (S.VALIDATED, S.PUBLISHED): _("Publier au catalogue des défis"),
}

EDITABLE_STATES = frozenset({S.DRAFT, S.SUBMITTED})


def next_states(state: str, roles: frozenset[Role] | set[Role]) -> list[str]:
    """States reachable from `state` by someone holding `roles`, in table order."""
    return [to for (src, to), allowed in TRANSITIONS.items() if src == state and allowed & roles]
