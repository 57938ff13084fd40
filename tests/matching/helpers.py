"""Small helpers shared by the matching tests."""

import numpy as np

from eig.matching.deferred_acceptance import deferred_acceptance
from eig.matching.market import build_market


def stable_teams(instance: dict) -> tuple[dict[str, list[str]], list[str]]:
    """The deferred-acceptance teams (before any repair) and the lottery order."""
    market = build_market(instance)
    assignment = deferred_acceptance(market)
    teams: dict[str, list[str]] = {did: [] for did in market.challenge_ids}
    for i, j in enumerate(assignment.tolist()):
        if j >= 0:
            teams[market.challenge_ids[j]].append(market.candidate_ids[i])
    lottery = [market.candidate_ids[i] for i in np.argsort(market.lottery).tolist()]
    return teams, lottery


def team_of(teams: dict[str, list[str]]) -> dict[str, str]:
    return {cid: did for did, members in teams.items() for cid in members}


def instance(candidates, challenges, scores, seed=0) -> dict:
    """Build an instance from compact tuples: (id, profile, [choices])."""
    return {
        "candidates": [
            {"id": cid, "profile": profile, "choices": choices}
            for cid, profile, choices in candidates
        ],
        "challenges": challenges,
        "scores": scores,
        "seed": seed,
    }
