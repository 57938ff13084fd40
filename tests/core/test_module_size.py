"""No module of eig/ over 600 lines outside migrations (issue 18, item 5).

A module a person can hold in their head: past 600 lines, split it along the
seams it already marks (see eig/importer/services/ or eig/opendata/datasets/).
"""

from pathlib import Path

import eig

MAX_LINES = 600
ROOT = Path(eig.__file__).resolve().parent

# Modules over the limit, each to be split later (issue 18, item 5), with
# their size as a ceiling so that none grows. None is left: keep it empty,
# never add one.
ALLOWED: dict[str, int] = {}


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _module_sizes() -> dict[str, int]:
    return {
        path.relative_to(ROOT).as_posix(): _line_count(path)
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    }


def test_no_module_passes_the_limit():
    offenders = [
        f"eig/{name}: {size} lines"
        for name, size in _module_sizes().items()
        if size > ALLOWED.get(name, MAX_LINES)
    ]
    assert not offenders, (
        f"modules over {MAX_LINES} lines (or over their ceiling in ALLOWED); "
        "split them along their seams:\n" + "\n".join(offenders)
    )


def test_the_allow_list_names_only_modules_still_over_the_limit():
    sizes = _module_sizes()
    stale = [
        f"eig/{name}: {sizes.get(name, 'missing')}"
        for name in ALLOWED
        if sizes.get(name, 0) <= MAX_LINES
    ]
    assert not stale, "remove these from ALLOWED, they fit now:\n" + "\n".join(stale)
