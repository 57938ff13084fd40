"""Benchmark of the team-formation solver against other ways to assign people.

One command (from the repository root):

    .venv/bin/python bench/matching.py [--json] [--sizes 200x15,5000x500,50000x5000] [--smoke]

On the same generated instances (each candidate ranks 3 to 5 défis, each défi
has 3 seats, jury scores 0–5 with one decimal, so ties are common) it runs:

* ``eig``: this project's deferred acceptance (``eig.matching``);
* ``eig+profils``: the same with one seat reserved for a developer and one for
  a designer on every défi (slot-specific priorities);
* ``matching``: the hospital–resident solver of the ``matching`` package
  (resident-optimal), built through its documented ``create_from_dictionaries``;
* ``ortools-flow``: OR-Tools' min-cost flow (most people placed, then the
  smallest sum of choice ranks) — optimal, not stable;
* ``scipy``: scipy's ``min_weight_full_bipartite_matching`` on the seats, with
  the same objective — optimal, not stable.

Each (solver, size) runs in a fresh subprocess. ``convert_s`` is the time to
turn the instance (plain dicts, as in the JSON format) into the solver's input,
``solve_s`` the solver alone (runs shorter than a second are repeated five
times and the best time kept). ``peak_mb`` is the growth of the process's peak
resident memory (Linux VmHWM, reset through /proc/self/clear_refs) over conversion
and solving, so it counts C++ allocations too. ``blocking_pairs`` is counted
by eig.matching.checker for every solver, with the same lottery tie-break.
``command_s`` (eig rows) is the wall time of the whole command a user runs,
``python -m eig.matching --stable-only``, in a fresh process: Python start-up,
reading the JSON, solving, checking, every explanation, writing the JSON.
``--smoke`` (the CI run, bench/smoke) runs the smallest size only.
A run past the time limit (default 120 s for the solve) is reported as a timeout.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    # Run as a script, bench/ comes first on sys.path and this file would shadow
    # the `matching` package: put the repository root there instead.
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import numpy as np  # noqa: E402

from eig.matching.checker import check  # noqa: E402
from eig.matching.deferred_acceptance import deferred_acceptance  # noqa: E402
from eig.matching.market import build_market, lottery_positions  # noqa: E402

SIZES = ["200x15", "5000x500", "50000x5000"]
SOLVERS = ["eig", "eig+profils", "matching", "ortools-flow", "scipy"]
COMMAND_SOLVERS = {"eig", "eig+profils"}  # also timed through the whole command
PROFILES = ["developer", "designer", "data_scientist"]
CAPACITY = 3


def generate(n: int, m: int, seed: int = 2024) -> dict:
    """A random instance in the JSON format; some défis are more popular than others."""
    rng = np.random.default_rng(seed)
    popularity = 1.0 / (np.arange(m) + 1 + m / 10)
    popularity /= popularity.sum()
    wanted = rng.integers(3, 6, size=n)
    draws = rng.choice(m, size=(n, 12), p=popularity)
    profile = rng.choice(len(PROFILES), size=n, p=[18 / 41, 14 / 41, 9 / 41])
    scores_drawn = np.round(rng.uniform(0, 5, size=(n, 5)), 1).tolist()
    candidates = []
    scores: dict[str, dict[str, float]] = {f"d{j}": {} for j in range(m)}
    for i, row in enumerate(draws.tolist()):
        k = min(int(wanted[i]), m)
        choices = list(dict.fromkeys(row))[:k]
        if len(choices) < k:
            choices = rng.choice(m, size=k, replace=False, p=popularity).tolist()
        cid = f"c{i}"
        candidates.append(
            {"id": cid, "profile": PROFILES[profile[i]], "choices": [f"d{j}" for j in choices]}
        )
        for j, score in zip(choices, scores_drawn[i], strict=False):
            scores[f"d{j}"][cid] = score
    challenges = [{"id": f"d{j}", "capacity": CAPACITY} for j in range(m)]
    return {"candidates": candidates, "challenges": challenges, "scores": scores, "seed": 7}


def with_profiles(instance: dict) -> dict:
    challenges = [
        {**c, "profiles": {"developer": 1, "designer": 1}} for c in instance["challenges"]
    ]
    return {**instance, "challenges": challenges}


def lottery_order(instance: dict) -> list[str]:
    ids = [c["id"] for c in instance["candidates"]]
    positions = lottery_positions(ids, instance["seed"])
    return [ids[i] for i in np.argsort(positions).tolist()]


def acceptable_choices(instance: dict) -> dict[str, list[str]]:
    scores = instance["scores"]
    return {
        c["id"]: [d for d in c["choices"] if c["id"] in scores[d]] for c in instance["candidates"]
    }


def hr_dictionaries(instance: dict) -> tuple[dict, dict, dict]:
    """The instance as the `matching` package wants it: strict preferences both ways.

    Défis rank their applicants by jury score, ties broken by eig's lottery, so
    both solvers face the very same strict preferences.
    """
    position = {cid: k for k, cid in enumerate(lottery_order(instance))}
    residents = {cid: prefs for cid, prefs in acceptable_choices(instance).items() if prefs}
    applicants: dict[str, list[str]] = {c["id"]: [] for c in instance["challenges"]}
    for cid, prefs in residents.items():
        for did in prefs:
            applicants[did].append(cid)
    scores = instance["scores"]
    hospitals = {
        did: sorted(people, key=lambda cid, did=did: (-scores[did][cid], position[cid]))
        for did, people in applicants.items()
        if people
    }
    capacities = {c["id"]: c["capacity"] for c in instance["challenges"] if c["id"] in hospitals}
    return residents, hospitals, capacities


class Timeout(Exception):
    pass


class Clock:
    """Times the two stages of a run, each under its own time limit (SIGALRM)."""

    def __init__(self, convert_limit: float, solve_limit: float):
        self.limits = {"conversion": convert_limit, "solve": solve_limit}
        self.stage = ""
        self.marks: list[float] = []

    def _enter(self, stage: str) -> None:
        self.stage = stage
        self.marks.append(time.perf_counter())
        signal.setitimer(signal.ITIMER_REAL, self.limits[stage] if stage else 0)

    def start(self) -> None:
        self.marks = []
        self._enter("conversion")

    def converted(self) -> None:
        self._enter("solve")

    def solved(self) -> None:
        self._enter("")

    @property
    def convert_s(self) -> float:
        return self.marks[1] - self.marks[0]

    @property
    def solve_s(self) -> float:
        return self.marks[2] - self.marks[1]


# Each runner converts the instance, then solves, marking the clock in between.


def run_eig(instance: dict, clock: "Clock") -> dict[str, list[str]]:
    clock.start()
    market = build_market(instance)
    clock.converted()
    assignment = deferred_acceptance(market)
    clock.solved()
    teams: dict[str, list[str]] = {did: [] for did in market.challenge_ids}
    for i, j in enumerate(assignment.tolist()):
        if j >= 0:
            teams[market.challenge_ids[j]].append(market.candidate_ids[i])
    return teams


def run_matching(instance: dict, clock: "Clock") -> dict[str, list[str]]:
    from matching.games import HospitalResident

    sys.setrecursionlimit(1_000_000)  # its deep copy recurses once per player
    clock.start()
    game = HospitalResident.create_from_dictionaries(*hr_dictionaries(instance))
    clock.converted()
    solution = game.solve(optimal="resident")
    clock.solved()
    teams = {c["id"]: [] for c in instance["challenges"]}
    for hospital, residents in solution.items():
        teams[hospital.name] = [r.name for r in residents]
    return teams


def run_ortools_flow(instance: dict, clock: "Clock") -> dict[str, list[str]]:
    from ortools.graph.python import min_cost_flow

    clock.start()
    ids = [c["id"] for c in instance["candidates"]]
    dids = [c["id"] for c in instance["challenges"]]
    d_index = {did: j for j, did in enumerate(dids)}
    n, m = len(ids), len(dids)
    tails, heads, costs = [], [], []
    for i, prefs in enumerate(acceptable_choices(instance).values()):
        for rank, did in enumerate(prefs):
            tails.append(1 + i)
            heads.append(1 + n + d_index[did])
            costs.append(rank)
    source, sink = 0, n + m + 1
    tails = np.concatenate([np.zeros(n, np.int32), tails, 1 + n + np.arange(m)]).astype(np.int32)
    heads = np.concatenate([1 + np.arange(n), heads, np.full(m, sink)]).astype(np.int32)
    capacities = np.concatenate(
        [np.ones(n + len(costs), np.int64), [c["capacity"] for c in instance["challenges"]]]
    ).astype(np.int64)
    unit_costs = np.concatenate([np.zeros(n), costs, np.zeros(m)]).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, unit_costs)
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    clock.converted()
    status = flow.solve_max_flow_with_min_cost()
    clock.solved()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow status {status}")
    person_arcs = arcs[n : n + len(costs)]
    used = person_arcs[flow.flows(person_arcs) > 0]
    teams = {did: [] for did in dids}
    for tail, head in zip(tails[used].tolist(), heads[used].tolist(), strict=True):
        teams[dids[head - 1 - n]].append(ids[tail - 1])
    return teams


def run_scipy(instance: dict, clock: "Clock") -> dict[str, list[str]]:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    clock.start()
    ids = [c["id"] for c in instance["candidates"]]
    dids = [c["id"] for c in instance["challenges"]]
    capacity = np.array([c["capacity"] for c in instance["challenges"]], dtype=np.int64)
    first_seat = np.concatenate([[0], np.cumsum(capacity)])
    seats = int(first_seat[-1])
    d_index = {did: j for j, did in enumerate(dids)}
    rows, cols, weights = [], [], []
    for i, prefs in enumerate(acceptable_choices(instance).values()):
        for rank, did in enumerate(prefs):
            j = d_index[did]
            for seat in range(first_seat[j], first_seat[j + 1]):
                rows.append(i)
                cols.append(seat)
                weights.append(rank + 1)
    # One stand-in per seat, far costlier than any person, so a full matching
    # of the seats always exists and real people are placed first.
    n = len(ids)
    rows += list(range(n, n + seats))
    cols += list(range(seats))
    weights += [10_000] * seats
    graph = csr_matrix(
        (np.array(weights, np.float64), (np.array(rows), np.array(cols))), shape=(n + seats, seats)
    )
    clock.converted()
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    clock.solved()
    seat_challenge = np.repeat(np.arange(len(dids)), capacity)
    teams = {did: [] for did in dids}
    for row, col in zip(matched_rows.tolist(), matched_cols.tolist(), strict=True):
        if row < n:
            teams[dids[seat_challenge[col]]].append(ids[row])
    return teams


RUNNERS = {
    "eig": run_eig,
    "eig+profils": run_eig,
    "matching": run_matching,
    "ortools-flow": run_ortools_flow,
    "scipy": run_scipy,
}


def _import_solver(solver: str) -> None:
    if solver == "matching":
        import matching.games  # noqa: F401
    elif solver == "ortools-flow":
        import ortools.graph.python.min_cost_flow  # noqa: F401
    elif solver == "scipy":
        import scipy.sparse.csgraph  # noqa: F401


def _resident_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def worker(solver: str, size: str, time_limit: float, convert_limit: float) -> dict:
    """Run one solver on one size in this (fresh) process; return its row."""
    n, m = (int(x) for x in size.split("x"))
    instance = generate(n, m)
    if solver == "eig+profils":
        instance = with_profiles(instance)
    row = {"solver": solver, "size": size}
    _import_solver(solver)  # so that the import's own memory is not counted
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # reset the peak (VmHWM)
    baseline = _resident_kb("VmRSS")

    def expire(*_):
        raise Timeout

    signal.signal(signal.SIGALRM, expire)
    clock = Clock(convert_limit, time_limit)
    try:
        teams = RUNNERS[solver](instance, clock)
        convert_s, solve_s = clock.convert_s, clock.solve_s
        # Quick runs are repeated and the best time kept, as timeit does.
        for _ in range(4 if convert_s + solve_s < 1 else 0):
            RUNNERS[solver](instance, clock)
            convert_s, solve_s = min(convert_s, clock.convert_s), min(solve_s, clock.solve_s)
    except Timeout:
        if clock.stage == "solve":
            row["convert_s"] = round(clock.marks[1] - clock.marks[0], 4)
        return {**row, "error": f"timeout ({clock.stage} > {clock.limits[clock.stage]:g} s)"}
    except RecursionError:
        return {**row, "error": "RecursionError"}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    row["convert_s"] = round(convert_s, 4)
    row["solve_s"] = round(solve_s, 4)
    row["peak_mb"] = round((_resident_kb("VmHWM") - baseline) / 1024, 1)
    report = check(instance, teams, lottery=lottery_order(instance))
    if solver in COMMAND_SOLVERS:
        row["command_s"] = time_command(instance)
    row["placed"] = sum(len(team) for team in teams.values())
    row["blocking_pairs"] = len(report.blocking_pairs)
    row["quota_violations"] = len(report.quota_violations)
    if solver == "matching":
        ours = run_eig(instance, Clock(convert_limit, time_limit))
        row["same_as_eig"] = {d: sorted(t) for d, t in teams.items()} == {
            d: sorted(t) for d, t in ours.items()
        }
    return row


def time_command(instance: dict) -> float:
    """Wall time of the door a user runs, ``python -m eig.matching --stable-only``,
    in a fresh process reading the instance as JSON on its standard input and
    writing the whole result (teams, explanations, checks) to a file."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="eig-matching-") as folder:
        given, result = Path(folder) / "instance.json", Path(folder) / "result.json"
        given.write_text(json.dumps(instance))
        with given.open("rb") as stdin, result.open("wb") as stdout:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "eig.matching", "--stable-only"],
                stdin=stdin,
                stdout=stdout,
                cwd=ROOT,
                check=True,
            )
            seconds = time.perf_counter() - started
        if not json.loads(result.read_text())["teams"]:
            raise RuntimeError("the command formed no team")
    return round(seconds, 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--sizes", default=",".join(SIZES), help="e.g. 200x15,5000x500")
    parser.add_argument("--solvers", default=",".join(SOLVERS))
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per solve")
    parser.add_argument("--convert-limit", type=float, default=900.0, help="seconds per conversion")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="the CI run: the smallest size (200x15) only, every solver",
    )
    parser.add_argument("--worker", nargs=2, metavar=("SOLVER", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.smoke:
        args.sizes = SIZES[0]
    if args.worker:
        print(json.dumps(worker(*args.worker, args.time_limit, args.convert_limit)))
        return 0

    rows = []
    for size in args.sizes.split(","):
        for solver in args.solvers.split(","):
            rows.append(_spawn(solver, size, args.time_limit, args.convert_limit))
            if not args.json:
                print(_line(rows[-1]), file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print(_table(rows))
        print()
        print("\n".join(_summary(rows)))
    return 0


def _summary(rows: list[dict]) -> list[str]:
    """The targets, checked against this run's rows."""
    found = {(r["solver"], r["size"]): r for r in rows}
    lines = []
    big = found.get(("eig", "50000x5000"))
    if big and "solve_s" in big:
        if "command_s" in big:
            lines.append(
                f"python -m eig.matching --stable-only on 50000x5000: {big['command_s']} s wall "
                f"(target < 2 s: {'met' if big['command_s'] < 2 else 'NOT met'})."
            )
        lines.append(
            f"eig on 50000x5000: solve {big['solve_s']} s (target < 0.3 s: "
            f"{'met' if big['solve_s'] < 0.3 else 'NOT met'}), convert {big['convert_s']} s "
            f"(target < 1 s: {'met' if big['convert_s'] < 1 else 'NOT met'})."
        )
    finished = [
        (r["size"], r["solve_s"] / found[("eig", r["size"])]["solve_s"], r.get("same_as_eig"))
        for r in rows
        if r["solver"] == "matching"
        and "error" not in r
        and "solve_s" in found.get(("eig", r["size"]), {})
    ]
    for size, ratio, same in finished:
        lines.append(
            f"matching package on {size}: eig's solve is {ratio:.1f}x faster; "
            f"same teams: {'yes' if same else 'NO'}."
        )
    if finished:
        size, ratio, _ = max(finished, key=lambda f: _cells(f[0]))
        lines.append(
            f"Largest instance the matching package finished: {size}, "
            f"{ratio:.1f}x (target >= 50x: {'met' if ratio >= 50 else 'NOT met'})."
        )
    for r in rows:
        if r["solver"] == "matching" and "error" in r:
            lines.append(f"matching package on {r['size']}: {r['error']}.")
    return lines


def _cells(size: str) -> int:
    n, m = (int(x) for x in size.split("x"))
    return n * m


def _spawn(solver: str, size: str, time_limit: float, convert_limit: float) -> dict:
    command = [sys.executable, __file__, "--worker", solver, size]
    command += ["--time-limit", str(time_limit), "--convert-limit", str(convert_limit)]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=time_limit + convert_limit + 600,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    except subprocess.TimeoutExpired:
        return {"solver": solver, "size": size, "error": "timeout"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        return {"solver": solver, "size": size, "error": last[:80]}
    return json.loads(done.stdout.strip().splitlines()[-1])


COLUMNS = [
    ("solver", "solver"),
    ("size", "size"),
    ("convert_s", "convert s"),
    ("solve_s", "solve s"),
    ("command_s", "command s"),
    ("peak_mb", "peak MB"),
    ("placed", "placed"),
    ("blocking_pairs", "blocking pairs"),
    ("same_as_eig", "same as eig"),
    ("error", "note"),
]


def _cell(row: dict, key: str) -> str:
    value = row.get(key, "")
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return str(value)


def _line(row: dict) -> str:
    return "  ".join(f"{title}={_cell(row, key)}" for key, title in COLUMNS if key in row)


def _table(rows: list[dict]) -> str:
    widths = [max(len(title), *(len(_cell(r, key)) for r in rows)) for key, title in COLUMNS]
    lines = [" | ".join(title.ljust(w) for (_, title), w in zip(COLUMNS, widths, strict=True))]
    lines.append("-|-".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            " | ".join(
                _cell(row, key).ljust(w) for (key, _), w in zip(COLUMNS, widths, strict=True)
            )
        )
    return "\n".join(line.rstrip() for line in lines)


if __name__ == "__main__":
    sys.exit(main())
