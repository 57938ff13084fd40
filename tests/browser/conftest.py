"""Browser tests: Debian's chromium driven by Playwright against a real server.

The server is the production configuration, as `make prod` serves it:
gunicorn with two workers, `DEBUG` off, the static files collected by the
compressed manifest storage and served by whitenoise (scripts/prod). It runs
in a subprocess on its own database (a SQLite file, or a PostgreSQL database
of its own when DATABASE_URL points at PostgreSQL) filled by
`import_demo_data` once per session: the pages are checked with the real
programme data, as a visitor sees them in production.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 375, "height": 812},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test server stopped with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers: the tests will say what is wrong with the page
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the test server did not answer on {url} within {timeout} s")


def _fresh_postgres_database(url: str, suffix: str = "browser") -> str:
    """A database of the browser tests' own beside the one in DATABASE_URL."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = (parts.path.lstrip("/") or "postgres") + "_" + suffix
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def make_server_env(tmp_path_factory, suffix: str = "browser") -> dict:
    """The server runs on the suite's kind of database: its own SQLite file, or
    its own PostgreSQL database when DATABASE_URL points at PostgreSQL."""
    var_dir = tmp_path_factory.mktemp(f"{suffix}-var")
    env = {
        **os.environ,
        "EIG_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "staticfiles"),
        "DJANGO_SETTINGS_MODULE": "eig.settings",
        # what scripts/prod sets: production settings over plain local http
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EIG_INSECURE_LOCAL_HTTP": "1",
        "EIG_SERVE_MEDIA": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    url = env.pop("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"] = _fresh_postgres_database(url, suffix)
    return env


def make_manage(server_env: dict):
    def run(*args: str) -> str:
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=server_env,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{completed.stderr}")
        return completed.stdout

    return run


GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def serve(server_env: dict, manage):
    """The site served as `make prod` serves it (scripts/prod), with the demo data."""
    manage("migrate", "--noinput")
    manage("import_demo_data", "--no-progress")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    port = _free_port()
    # The links of the e-mails (and of commands run later with this env) lead
    # to this server, as scripts/prod sets EIG_SITE_URL to its own address.
    server_env["EIG_SITE_URL"] = f"http://127.0.0.1:{port}"
    log = open(server_env["EIG_VAR_DIR"] + "/server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "eig.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def server_env(tmp_path_factory):
    return make_server_env(tmp_path_factory)


@pytest.fixture(scope="session")
def manage(server_env):
    return make_manage(server_env)


@pytest.fixture(scope="session")
def live_url(server_env, manage):
    yield from serve(server_env, manage)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def is_csp_violation(text: str) -> bool:
    """Chromium's console message for anything the Content Security Policy refused."""
    return "Content Security Policy" in text or "Content-Security-Policy" in text


def watch_csp(page) -> list[str]:
    """The list, filled as they happen, of the page's CSP violations."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if is_csp_violation(message.text)
            else None
        ),
    )
    return violations


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser):
    """A fresh browser page; the test fails if the page broke its Content
    Security Policy (a refused script, style, image, form target, frame…)."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="fr-FR")
    page = context.new_page()
    page.viewport_name = request.param
    violations = watch_csp(page)
    yield page
    context.close()
    assert not violations, "Content Security Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def screenshot(request):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}-{page.viewport_name}.png"
        # caret="initial": Playwright's default hides the caret by writing
        # "caret-color: transparent !important" into each field's style
        # attribute, which the Content Security Policy (style-src 'self')
        # may then report as an inline style of ours.
        page.screenshot(path=str(path), full_page=True, caret="initial")
        return path

    return take


@pytest.fixture
def assert_accessible():
    """The page has no axe-core violation, of any impact (minor ones included)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> None:
        violations = axe.run(page).response["violations"]
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(str(node.get("target")) for node in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"axe-core on {page.url}:\n{details}"

    return check
