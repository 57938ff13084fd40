"""The whole computation: instance (plain dicts) in, result (plain dicts) out.

1. Deferred acceptance gives the candidate-optimal stable matching.
2. Unless ``stable_only``, the minimum-size step closes défis below their
   ``min_size`` and re-runs (see ``minimum.py``); or, with ``optimal``, CP-SAT
   chooses teams under hard size and profile rules (see ``optimal.py``).
3. The independent checker counts blocking pairs and quota violations of the
   final teams, and every person and défi gets an explanation in words.
"""

import numpy as np

from eig.matching.checker import check
from eig.matching.deferred_acceptance import deferred_acceptance
from eig.matching.explain import Explainer, LazyExplanations
from eig.matching.market import Market, build_market
from eig.matching.minimum import close_understaffed
from eig.matching.optimal import solve_optimal


def solve(
    instance: dict,
    *,
    stable_only: bool = False,
    optimal: bool = False,
    required_profile: str | None = "developer",
    deterministic_time: float = 30.0,
    lazy_explanations: bool = False,
) -> dict:
    """Form the teams; raise InstanceError when the instance is malformed.

    With ``lazy_explanations``, ``explanations`` and ``challenge_explanations``
    are read-only mappings that compute each text when it is first read (same
    texts), for a caller that shows a few of them.
    """
    market = build_market(instance)
    stable = deferred_acceptance(market)
    closures = []
    status = None
    if optimal:
        outcome = solve_optimal(
            market, required_profile=required_profile, deterministic_time=deterministic_time
        )
        assignment, closed, status, mode = (
            outcome.assignment,
            outcome.closed,
            outcome.status,
            "optimal",
        )
    elif stable_only:
        assignment, closed, mode = stable, np.zeros(market.m, dtype=bool), "stable"
    else:
        assignment, closed, closures = close_understaffed(market, stable)
        mode = "min_size"

    teams_by_index = _teams(market, assignment)
    lottery = [market.candidate_ids[i] for i in np.argsort(market.lottery).tolist()]
    closed_ids = [market.challenge_ids[j] for j in np.flatnonzero(closed).tolist()]
    report = check(instance, teams_by_index, lottery=lottery, closed=closed_ids)
    explainer = Explainer(
        market,
        assignment,
        stable=stable,
        closed=closed,
        closures=closures,
        mode=mode,
        blocking_pairs=report.blocking_pairs,
    )
    teams = {
        market.challenge_ids[j]: [
            market.candidate_ids[s.candidate]
            for s in explainer.seatings[j]
            if s.candidate is not None
        ]
        for j in range(market.m)
    }
    explanations = LazyExplanations(market.candidate_ids, explainer.candidate)
    challenge_explanations = LazyExplanations(market.challenge_ids, explainer.challenge)
    if not lazy_explanations:
        explanations, challenge_explanations = dict(explanations), dict(challenge_explanations)
    sizes = np.bincount(assignment[assignment >= 0], minlength=market.m)
    understaffed = [
        market.challenge_ids[j]
        for j in range(market.m)
        if sizes[j] < max(int(market.min_size[j]), 1)
    ]
    return {
        "teams": teams,
        "unassigned": [market.candidate_ids[i] for i in np.flatnonzero(assignment < 0).tolist()],
        "understaffed": understaffed,
        "closed": closed_ids,
        "explanations": explanations,
        "challenge_explanations": challenge_explanations,
        "stability_given_up": explainer.given_up(status, required_profile if optimal else None),
        "seats": {
            market.challenge_ids[j]: [
                {
                    "candidate": market.candidate_ids[s.candidate],
                    "seat": "open"
                    if s.profiles is None
                    else sorted(market.profile_names[p] for p in s.profiles),
                    "pinned": s.pinned,
                }
                for s in explainer.seatings[j]
                if s.candidate is not None
            ]
            for j in range(market.m)
        },
        "checks": {
            "blocking_pairs": len(report.blocking_pairs),
            "blocking_pairs_with_closed": sum(
                1 for _, d in report.blocking_pairs if d in closed_ids
            ),
            "quota_violations": report.quota_violations,
        },
        "mode": mode,
        "seed": market.seed,
        "lottery": lottery,
    }


def _teams(market: Market, assignment: np.ndarray) -> dict[str, list[str]]:
    teams: dict[str, list[str]] = {did: [] for did in market.challenge_ids}
    for i, j in enumerate(assignment.tolist()):
        if j >= 0:
            teams[market.challenge_ids[j]].append(market.candidate_ids[i])
    return teams
