"""The declared table of the permission matrix, one module per app.

Each module `tests/security/matrix/<app_label>.py` exports `ROWS`, a dict
{url name: Row}, and may export `extend_world(world)` to add the objects its
views need (see tests/security/README.md). `tests/security/test_permission_matrix.py`
enumerates every URL pattern of the site and visits each as every role.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

ROLES = [
    "anonymous",
    "candidate",  # the candidate whose application the world holds
    "other_candidate",
    "agent",  # verified agent of the défi's (and the proposal's) organisation
    "agent_other",  # verified agent of another organisation
    "jury",  # jury member assigned to the application and the proposal, no conflict
    "jury_conflict",  # jury member who declared a conflict with both
    "mentor",
    "fellow",  # a fellow of the world's cohort, with an account
    "staff",
]
LOGGED_IN = [role for role in ROLES if role != "anonymous"]

LOGIN = "login"  # 302 to the site's login page, with ?next=


def everyone(status: int | str = 200) -> dict:
    """The same answer for every role, anonymous included."""
    return dict.fromkeys(ROLES, status)


def logged_in(status: int | str = 200) -> dict:
    """Anonymous → login; every logged-in role → `status`."""
    return {"anonymous": LOGIN, **dict.fromkeys(LOGGED_IN, status)}


def private(others: int | str = 403, **allowed: int | str) -> dict:
    """Anonymous → login; the roles named → their status; the others → `others`.

    `private(staff=200)`, `private(404, candidate=200)`.
    """
    unknown = set(allowed) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return {"anonymous": LOGIN, **dict.fromkeys(LOGGED_IN, others), **allowed}


class World(SimpleNamespace):
    """The objects every row's URL is built with; `people[role]` is each role's user."""

    people: dict


WorldFn = Callable[[World], Any]


@dataclass(frozen=True)
class Row:
    """How one URL pattern answers each role.

    expect: {role: status}; a status is an int, or LOGIN for a 302 to the login page.
    method: "get" or "post" (use "post" for a POST-only view, with `data`).
    kwargs: the URL's arguments, a dict or a function of the world.
    data: the POST body (or GET query), a dict or a function of the world.
    path: the whole path, for a pattern without a name (a function of the world).
    optional: the pattern exists in some configurations only (DEBUG).
    """

    expect: dict
    method: str = "get"
    kwargs: dict | WorldFn | None = None
    data: dict | WorldFn | None = None
    path: WorldFn | None = None
    optional: bool = False

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"no expected answer for {sorted(missing)}")
        if self.method not in {"get", "post"}:
            raise ValueError(f"method {self.method!r}")


def _resolve(value, world):
    return value(world) if callable(value) else (value or {})


def row_kwargs(row: Row, world: World) -> dict:
    return _resolve(row.kwargs, world)


def row_data(row: Row, world: World) -> dict:
    return _resolve(row.data, world)


def modules():
    """Every table module of this package, in name order."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        yield importlib.import_module(f"{__name__}.{info.name}")


def all_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for module in modules():
        for name, row in module.ROWS.items():
            if name in rows:
                raise ValueError(f"{name} declared twice (in {module.__name__})")
            rows[name] = row
    return rows


def world_extensions() -> list[Callable[[World], None]]:
    return [m.extend_world for m in modules() if hasattr(m, "extend_world")]
