"""The request stays in the web layer (issue 18, item 3).

No service, selector, task, notification, reminder, .ics builder or command
takes a `site_url` or a request: the absolute links of the e-mails and .ics
files come from one setting, `EIG_SITE_URL`, through `eig.core.links`.
These tests read the source, so that a new `site_url=` parameter fails here
before it spreads.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "eig"
DOMAIN_MODULES = {"services", "selectors", "tasks", "notifications", "reminders", "ics"}


def _domain_files() -> list[Path]:
    """services.py, selectors.py… of every app (or a package of that name), and commands."""
    files = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts:
            continue
        if (
            path.stem in DOMAIN_MODULES
            or DOMAIN_MODULES & set(parts[:-1])
            or parts[-3:-1] == ("management", "commands")
        ):
            files.append(path)
    return files


def _names(tree: ast.AST) -> set[str]:
    """Every identifier the module binds or reads: names, parameters, keywords, attributes."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.arg) or isinstance(node, ast.keyword) and node.arg:
            found.add(node.arg)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.rsplit(".", 1)[-1])
    return found


def _views(tree: ast.AST) -> set[str]:
    """Functions of an .ics module that are views (their first parameter is the request)."""
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.decorator_list
    }


def test_the_domain_modules_are_found():
    names = {str(path.relative_to(ROOT)) for path in _domain_files()}
    assert {
        "auditions/services/booking.py",
        "auditions/ics.py",
        "events/ics.py",
        "events/services.py",
        "applications/reminders.py",
        "scheduling/tasks.py",
        "events/management/commands/send_event_reminders.py",
    } <= names


@pytest.mark.parametrize("path", _domain_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_domain_module_takes_a_site_url_or_reads_the_request(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _names(tree)
    assert "site_url" not in names, f"{path}: absolute links come from EIG_SITE_URL"
    assert not {"build_absolute_uri", "get_host"} & names, f"{path}: a request's host"
    views = _views(tree) if path.stem == "ics" else set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name not in views:
            parameters = {a.arg for a in node.args.args + node.args.kwonlyargs}
            assert "request" not in parameters, f"{path}: {node.name}() takes a request"


def test_no_module_of_the_site_passes_a_site_url():
    """`grep -rn site_url eig/` finds nothing: the views pass no origin either."""
    mentions = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "site_url" in line
    ]
    assert mentions == []
