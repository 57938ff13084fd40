"""Benchmark of the jury review's pure algorithms (issue 6, item 7).

One command (from the repository root):

    .venv/bin/python bench/selection.py [--json] [--applications 10000] [--reviewers 300]
        [--reviews 30000] [--seed 2018] [--smoke]

`--smoke` is the run CI does (bench/smoke): a tenth of the size, one run;
figures printed, no threshold.

* **Assignment** (`eig.selection.assignment.assign_reviews`, K = 3): 10 000
  applications, each choosing 1 to 3 of 60 défis hosted by 30 organisations;
  300 reviewers, 60 % from an administration (so they may not review the
  applications to their own organisation's défis), 40 % from outside; each
  reviewer declares 0 to 12 conflicts of interest (about 1 800 in all); 60
  reviewers mentor one défi each. `assign_s` is the time of the call alone
  (best of three); `max_load_spread` is the highest load minus the lowest
  among the members who are not mentors (mentor reviews cannot move);
  `conflicts_violated` counts assigned pairs that break a rule (declared
  conflict, or own organisation without being a mentor of a chosen défi):
  must be 0.
* **Ranking** (`eig.selection.scoring.rank_applications`): 30 000 complete
  reviews (10 000 applications × 3 reviewers among 300, each reviewer with
  their own severity), normalised per reviewer and ranked overall and per
  défi. `rank_s` is the time of the call alone (best of three).

Targets (issue 6): each under 2 s. `--json` prints exactly
`{"assign_s": …, "rank_s": …, "max_load_spread": …, "conflicts_violated": …}`.
"""

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from eig.selection import assignment, scoring  # noqa: E402

CHALLENGES = 60
ORGANISATIONS = 30
MENTORS = 60


def generate_assignment(n_applications: int, n_reviewers: int, seed: int):
    rng = random.Random(seed)
    host = {f"d{j}": f"o{j % ORGANISATIONS}" for j in range(CHALLENGES)}
    applications = []
    for i in range(n_applications):
        chosen = rng.sample(sorted(host), rng.randint(1, 3))
        applications.append(
            assignment.Application(f"a{i}", frozenset(chosen), frozenset(host[c] for c in chosen))
        )
    mentored = {r: f"d{r}" for r in range(min(MENTORS, n_reviewers, CHALLENGES))}
    members = []
    for r in range(n_reviewers):
        organisation = f"o{rng.randrange(ORGANISATIONS)}" if rng.random() < 0.6 else None
        if r in mentored:  # a défi's mentor usually belongs to the host administration
            organisation = host[mentored[r]]
        conflicts = frozenset(
            f"a{rng.randrange(n_applications)}" for _ in range(rng.randint(0, 12))
        )
        members.append(
            assignment.JuryMember(
                f"m{r}",
                organisation,
                conflicts,
                frozenset({mentored[r]}) if r in mentored else frozenset(),
            )
        )
    return applications, members


def violations(result: assignment.Assignment, applications, members) -> int:
    by_id = {m.id: m for m in members}
    count = 0
    for application in applications:
        for member_id in result.reviewers[application.id]:
            member = by_id[member_id]
            conflicted = application.id in member.conflicts
            own = not assignment.may_review(member, application) and not (
                assignment.is_mentor_for(member, application)
            )
            count += conflicted or own
    return count


def generate_reviews(n_reviews: int, n_reviewers: int, seed: int, k: int = 3):
    rng = random.Random(seed + 1)
    n_applications = n_reviews // k
    applications = [
        scoring.Application(f"a{i}", frozenset(rng.sample(range(CHALLENGES), rng.randint(1, 3))))
        for i in range(n_applications)
    ]
    applications = [
        scoring.Application(a.id, frozenset(f"d{c}" for c in a.challenge_ids)) for a in applications
    ]
    severity = [rng.uniform(-1.2, 1.2) for _ in range(n_reviewers)]
    reviews = []
    for i in range(n_applications):
        merit = rng.uniform(1.5, 4.5)
        for r in rng.sample(range(n_reviewers), k):
            scores = {
                code: min(5, max(1, round(merit + severity[r] + rng.gauss(0, 0.7))))
                for code in scoring.CRITERIA
            }
            reviews.append(scoring.Review(f"m{r}", f"a{i}", scores))
    return reviews, applications


def best_of(runs: int, function):
    best, result = None, None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def _span(values: list[int]) -> str:
    return f"{min(values)}–{max(values)}" if values else "none"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the four figures as JSON")
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=300)
    parser.add_argument("--reviews", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a smoke run: 1 000 applications, 100 reviewers, 3 000 reviews, one run",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.applications, args.reviewers, args.reviews, args.runs = 1000, 100, 3000, 1

    applications, members = generate_assignment(args.applications, args.reviewers, args.seed)
    assign_s, result = best_of(
        args.runs, lambda: assignment.assign_reviews(applications, members, k=3, seed=args.seed)
    )
    mentors = {m.id for m in members if m.mentored_challenge_ids}
    plain_loads = [load for member_id, load in result.loads.items() if member_id not in mentors]
    spread = max(plain_loads) - min(plain_loads) if plain_loads else 0
    violated = violations(result, applications, members)

    reviews, ranked_applications = generate_reviews(args.reviews, args.reviewers, args.seed)
    rank_s, ranking = best_of(
        args.runs,
        lambda: scoring.rank_applications(reviews, ranked_applications, expected_reviews=3),
    )

    figures = {
        "assign_s": round(assign_s, 3),
        "rank_s": round(rank_s, 3),
        "max_load_spread": spread,
        "conflicts_violated": violated,
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    loads = list(result.loads.values())
    conflicts = sum(len(m.conflicts) for m in members)
    print(f"Python {platform.python_version()} on {platform.machine()}, best of {args.runs} runs")
    print()
    print("| step | size | time (s) | target | result |")
    print("|---|---|---|---|---|")
    print(
        f"| assignment | {args.applications} applications × {args.reviewers} reviewers, "
        f"{conflicts} conflicts, {len(mentors)} mentors, K = 3 | {assign_s:.3f} | < 2 | "
        f"loads {_span(loads)} (non-mentors {_span(plain_loads)}, "
        f"spread {spread}), {len(result.shortfalls)} shortfalls, {violated} rules broken |"
    )
    fallback = sum(s.fallback for s in ranking.reviewers.values())
    tied = sum(a.tied for a in ranking.applications)
    print(
        f"| normalisation + ranking | {len(reviews)} reviews, {len(ranked_applications)} "
        f"applications, {len(ranking.by_challenge)} défis | {rank_s:.3f} | < 2 | "
        f"{len(ranking.reviewers)} reviewers ({fallback} on the jury's scale), "
        f"{tied} applications tied |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
