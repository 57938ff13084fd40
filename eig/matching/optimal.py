"""Optional optimal mode (OR-Tools CP-SAT), for real cohort sizes.

Instead of a stable matching, choose the teams that make candidates happiest
subject to hard rules the stable matching cannot promise: each défi gets
either nobody or between its minimum (at least 1) and its capacity, and each
open team has at least one member of ``required_profile`` (a developer by
default; a défi whose ``profiles`` asks for 0 of that profile is exempt).
Pinned fellows stay where they are pinned; their défi stays open and is exempt
from the size and profile rules. Forbidden and unscored pairs are never made.

Objective: each candidate placed on the k-th of their L listed choices (L the
longest list) earns L − k + 1 points, so placing someone always beats leaving
them out; among equal totals, higher jury priority wins (a smaller term that
can never outweigh one point). The search is single-threaded with a fixed seed
and a deterministic time limit, so the same input gives the same teams.
It gives up stability: the checker counts the blocking pairs it leaves.
"""

from dataclasses import dataclass

import numpy as np

from eig.matching.market import Market


@dataclass(frozen=True)
class OptimalOutcome:
    assignment: np.ndarray
    closed: np.ndarray  # défis the optimisation left empty
    status: str  # CP-SAT status: OPTIMAL or FEASIBLE


class OptimalUnavailable(RuntimeError):
    """OR-Tools is not installed, or CP-SAT found no solution in time."""


def solve_optimal(
    market: Market,
    *,
    required_profile: str | None = "developer",
    deterministic_time: float = 30.0,
) -> OptimalOutcome:
    try:
        from ortools.sat.python import cp_model
    except ImportError as error:  # pragma: no cover - ortools is a dev dependency
        raise OptimalUnavailable(
            "Le mode optimal demande OR-Tools (pip install ortools)."
        ) from error

    n, m = market.n, market.m
    model = cp_model.CpModel()
    longest = int(market.choice_count.max(initial=1)) or 1
    applicants = np.diff(market.applicant_ptr)
    # One point of satisfaction must outweigh any sum of priority terms.
    point = int((market.capacity.astype(np.int64) * (applicants + 1)).sum()) + 1

    by_candidate: list[list[tuple[int, object]]] = [[] for _ in range(n)]
    by_challenge: list[list[tuple[int, object]]] = [[] for _ in range(m)]
    objective = []
    owner = np.repeat(np.arange(n), np.diff(market.choice_ptr))
    for p in range(len(market.choice_challenge)):
        i, j = int(owner[p]), int(market.choice_challenge[p])
        if market.pinned_to[i] >= 0:
            continue
        x = model.new_bool_var(f"x_{i}_{j}")
        by_candidate[i].append((j, x))
        by_challenge[j].append((i, x))
        satisfaction = longest - int(market.choice_position[p])
        priority = int(applicants[j] - market.choice_rank[p])
        objective.append((satisfaction * point + priority) * x)
    for j in range(m):
        for i in market.pinned[j]:
            by_challenge[j].append((i, 1))
    for options in by_candidate:
        if options:
            model.add_at_most_one(x for _, x in options)

    # A profile nobody has gets code -1: then no team can meet the rule.
    names = market.profile_names
    required = names.index(required_profile) if required_profile in names else -1
    open_vars = []
    for j in range(m):
        members = by_challenge[j]
        size = sum(x for _, x in members)
        cap = int(market.capacity[j])
        if market.pinned[j]:
            if not isinstance(size, int):  # only pinned fellows: checked when reading
                model.add(size <= cap)
            open_vars.append(None)
            continue
        is_open = model.new_bool_var(f"open_{j}")
        open_vars.append(is_open)
        low = max(int(market.min_size[j]), 1)
        model.add(size <= cap * is_open)
        model.add(size >= low * is_open)
        if required_profile is not None and required not in market.unwanted[j]:
            model.add(sum(x for i, x in members if market.profile[i] == required) >= is_open)
    model.maximize(sum(objective))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = market.seed % (2**31)
    solver.parameters.max_deterministic_time = deterministic_time
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise OptimalUnavailable(
            f"CP-SAT n'a pas trouvé de solution ({solver.status_name(status)})."
        )

    assignment = np.full(n, -1, dtype=np.int32)
    for i, options in enumerate(by_candidate):
        for j, x in options:
            if solver.boolean_value(x):
                assignment[i] = j
    for j in range(m):
        for i in market.pinned[j]:
            assignment[i] = j
    closed = np.array(
        [v is not None and not solver.boolean_value(v) for v in open_vars], dtype=bool
    )
    return OptimalOutcome(assignment=assignment, closed=closed, status=solver.status_name(status))
