"""Lighthouse (mobile) on the public site served as in production.

One command (from the repository root):

    .venv/bin/python bench/lighthouse.py [--smoke] [--json] [--url http://127.0.0.1:8000]
        [--reports DIR]

Lighthouse comes from the npm registry, pinned to one exact version
(LIGHTHOUSE_VERSION), and is installed by this script on its first run with
`npm install --prefix var/lighthouse` (var/ is ignored by git). The browser
is Debian's chromium (/usr/bin/chromium, or $CHROME_PATH), never a
downloaded one: the install runs with --ignore-scripts and Lighthouse only
needs puppeteer-core.

Without `--url`, the site is served as `make prod` serves it (scripts/prod,
tests/browser/conftest.py): a throwaway SQLite database under
var/bench-lighthouse/ filled by `import_demo_data`, `collectstatic` with the
compressed manifest storage, gunicorn with two workers, DEBUG off, a
SECRET_KEY, over plain http (EIG_INSECURE_LOCAL_HTTP=1). With `--url`, an
already running `make prod` is measured instead.

Pages: home `/`, the catalogue `/defis/`, the first défi linked from the
catalogue, the first news post linked from /actualites/, the first cohort
linked from /promotions/, the candidature page `/candidature/`. Each is run
once through Lighthouse's default (mobile) profile: a Moto G Power-sized
screen, simulated slow 4G and a 4x CPU slowdown. The table gives the four
category scores, LCP, TBT, and the KiB transferred: in all, without
images, without images and fonts, and the HTML alone (targets of issue 13
item 7: performance >= 95, accessibility, best practices and SEO 100, at
most 150 KiB before images).

`--smoke` runs the home page only; when Lighthouse cannot be installed or
chromium is missing it says so and exits 0 (1 without --smoke).

The browser runs on the same machine as the server: the simulated figures
(LCP, TBT) depend on how busy the machine is.
"""

import argparse
import contextlib
import html.parser
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
# 13.x needs Node >= 22.19; Debian 12's Node is 20.
LIGHTHOUSE_VERSION = "12.8.2"
TOOLS = ROOT / "var" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = ["home", "catalogue", "challenge", "post", "cohort", "candidature"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
TARGET_KIB_BEFORE_IMAGES = 150
ATTEMPTS = 2


class Unavailable(Exception):
    """Lighthouse or chromium cannot be had on this machine."""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- Lighthouse itself --------------------------------------------------------------


def chrome_path() -> str:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise Unavailable(f"no chromium at {path} (apt-get install chromium)")
    return path


def installed_version() -> str | None:
    package = TOOLS / "node_modules" / "lighthouse" / "package.json"
    with contextlib.suppress(OSError, ValueError):
        return json.loads(package.read_text())["version"]
    return None


def ensure_lighthouse() -> Path:
    """The pinned Lighthouse under var/lighthouse/, installed there if missing."""
    if installed_version() == LIGHTHOUSE_VERSION and LIGHTHOUSE.exists():
        return LIGHTHOUSE
    npm = shutil.which("npm")
    if npm is None:
        raise Unavailable("npm is not installed (apt-get install npm)")
    progress(f"npm install --prefix {TOOLS.relative_to(ROOT)} lighthouse@{LIGHTHOUSE_VERSION}")
    TOOLS.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund"]
    command += ["--ignore-scripts", "--save-exact", f"lighthouse@{LIGHTHOUSE_VERSION}"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0 or installed_version() != LIGHTHOUSE_VERSION:
        tail = "\n".join((completed.stderr or completed.stdout).splitlines()[-5:])
        raise Unavailable(f"npm could not install lighthouse@{LIGHTHOUSE_VERSION}:\n{tail}")
    return LIGHTHOUSE


def lighthouse(binary: Path, chrome: str, url: str, report: Path | None) -> dict:
    """One Lighthouse run (default mobile profile) on `url`: its JSON report."""
    command = [str(binary), url, "--output=json", "--output-path=stdout", "--quiet"]
    command += [f"--only-categories={','.join(CATEGORIES)}"]
    command += [f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    env = dict(os.environ, CHROME_PATH=chrome)
    # Lighthouse sometimes loses the trace on a busy machine (NO_NAVSTART): once more.
    for attempt in range(1, ATTEMPTS + 1):
        completed = subprocess.run(
            command, capture_output=True, text=True, env=env, check=False, timeout=300
        )
        if completed.returncode == 0:
            break
        if attempt == ATTEMPTS:
            raise RuntimeError(f"lighthouse {url} failed:\n{completed.stderr[-2000:]}")
        progress(f"lighthouse {url} failed, once more: {completed.stderr.strip()[-300:]}")
    result = json.loads(completed.stdout)
    if report is not None:
        report.write_text(completed.stdout)
    return result


def transferred(requests: list[dict], kind: str | None = None) -> int:
    """Bytes over the network for the requests of one resource type (or all)."""
    return sum(
        item.get("transferSize") or 0
        for item in requests
        if kind is None or item.get("resourceType") == kind
    )


def figures(result: dict) -> dict:
    """The row of the table from one Lighthouse report."""
    audits = result["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    total = transferred(requests)
    images, fonts = transferred(requests, "Image"), transferred(requests, "Font")
    document = transferred(requests, "Document")
    scores = {
        name: None if category.get("score") is None else round(category["score"] * 100)
        for name, category in result["categories"].items()
    }
    failed = {}
    for name, category in result["categories"].items():
        if name == "performance":
            continue
        failed[name] = [
            ref["id"]
            for ref in category["auditRefs"]
            if ref.get("weight")
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1
        ]
    runtime_error = result.get("runtimeError", {}).get("code")
    return {
        "scores": scores,
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "fcp_s": round(audits["first-contentful-paint"]["numericValue"] / 1000, 2),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "requests": len(requests),
        "kib_total": round(total / 1024, 1),
        "kib_before_images": round((total - images) / 1024, 1),
        "kib_fonts": round(fonts / 1024, 1),
        "kib_html": round(document / 1024, 1),
        "failed_audits": failed,
        "warnings": result.get("runWarnings", []),
        "runtime_error": runtime_error,
    }


# --- The site, served as in production ------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env: dict, log: Path, *args: str) -> None:
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )


@contextlib.contextmanager
def served_site(workdir: Path):
    """The site as `make prod` serves it, on its own SQLite file; yields its URL."""
    log = workdir / "server.log"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="eig.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EIG_INSECURE_LOCAL_HTTP="1",
        EIG_SERVE_MEDIA="1",
        EIG_VAR_DIR=str(workdir / "var"),
        STATIC_ROOT=str(workdir / "staticfiles"),
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    progress("migrate, import_demo_data, collectstatic")
    manage(env, log, "migrate", "--noinput", "--verbosity", "0")
    manage(env, log, "import_demo_data", "--no-progress")
    manage(env, log, "collectstatic", "--noinput", "--verbosity", "0")
    port = free_port()
    args = [GUNICORN, "eig.wsgi:application", "--bind", f"{HOST}:{port}", "--workers", "2"]
    args += ["--graceful-timeout", "5", "--error-logfile", str(log), "--log-level", "warning"]
    process = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up, see {log}")
            try:
                with urllib.request.urlopen(url + "/", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer within 60 s, see {log}") from None
                time.sleep(0.3)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def first_link(base: str, listing: str, prefix: str, depth: int) -> str:
    """The first link of `listing` to a page below `prefix` (`depth` segments more)."""
    with urllib.request.urlopen(base + listing, timeout=30) as response:
        parser = _Links()
        parser.feed(response.read().decode("utf-8", "replace"))
    for href in parser.hrefs:
        path = urllib.parse.urlsplit(urllib.parse.urljoin(base + listing, href)).path
        rest = path.removeprefix(prefix)
        parts = [part for part in rest.split("/") if part]
        if path.startswith(prefix) and len(parts) == depth and parts[0] != "feed":
            return path
    raise RuntimeError(f"no link below {prefix} on {listing}")


def addresses(base: str, smoke: bool) -> dict[str, str]:
    """The measured pages, found on the served site."""
    if smoke:
        return {"home": "/"}
    return {
        "home": "/",
        "catalogue": "/defis/",
        "challenge": first_link(base, "/defis/", "/defis/", 2),
        "post": first_link(base, "/actualites/", "/actualites/", 1),
        "cohort": first_link(base, "/promotions/", "/promotions/", 1),
        "candidature": "/candidature/",
    }


# --- Output ---------------------------------------------------------------------------------


def _score(value) -> str:
    return "—" if value is None else str(value)


def table(rows: list[dict]) -> str:
    header = (
        f"{'page':<12} {'perf':>4} {'a11y':>4} {'best':>4} {'seo':>4} {'LCP s':>6} "
        f"{'TBT ms':>6} {'KiB':>7} {'no img':>7} {'no img/font':>11} {'HTML':>5}  address"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        scores = row["scores"]
        lines.append(
            f"{row['page']:<12} {_score(scores.get('performance')):>4} "
            f"{_score(scores.get('accessibility')):>4} "
            f"{_score(scores.get('best-practices')):>4} {_score(scores.get('seo')):>4} "
            f"{row['lcp_s']:>6.2f} {row['tbt_ms']:>6} {row['kib_total']:>7.1f} "
            f"{row['kib_before_images']:>7.1f} "
            f"{row['kib_before_images'] - row['kib_fonts']:>11.1f} {row['kib_html']:>5.1f}"
            f"  {row['address']}"
        )
    return "\n".join(lines)


def missed_targets(rows: list[dict]) -> list[str]:
    missed = []
    for row in rows:
        for category, target in TARGETS.items():
            score = row["scores"].get(category)
            if score is None or score < target:
                failed = row["failed_audits"].get(category)
                why = f" ({', '.join(failed)})" if failed else ""
                missed.append(f"{row['page']}: {category} {_score(score)} < {target}{why}")
        if row["kib_before_images"] > TARGET_KIB_BEFORE_IMAGES:
            missed.append(
                f"{row['page']}: {row['kib_before_images']:.1f} KiB before images"
                f" > {TARGET_KIB_BEFORE_IMAGES}"
            )
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="measure this running site (e.g. `make prod`'s)")
    parser.add_argument("--smoke", action="store_true", help="the CI run: the home page only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--reports", type=Path, help="keep each Lighthouse JSON report here")
    parser.add_argument("--keep", action="store_true", help="keep var/bench-lighthouse/")
    options = parser.parse_args(argv)

    try:
        chrome = chrome_path()
        binary = ensure_lighthouse()
    except Unavailable as error:
        print(f"Lighthouse cannot run here: {error}")
        if options.smoke:
            print("(--smoke: nothing measured, not a failure)")
            return 0
        return 1
    if options.reports:
        options.reports.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    rows = []
    with contextlib.ExitStack() as stack:
        if options.url:
            base = options.url.rstrip("/")
        else:
            workdir = ROOT / "var" / "bench-lighthouse"
            shutil.rmtree(workdir, ignore_errors=True)
            workdir.mkdir(parents=True)
            if not options.keep:
                stack.callback(shutil.rmtree, workdir, ignore_errors=True)
            base = stack.enter_context(served_site(workdir))
        pages = addresses(base, options.smoke)
        for name, address in pages.items():
            progress(f"lighthouse {address}")
            began = time.perf_counter()
            report = options.reports / f"{name}.json" if options.reports else None
            result = lighthouse(binary, chrome, base + address, report)
            row = {"page": name, "address": address, **figures(result)}
            row["seconds"] = round(time.perf_counter() - began, 1)
            rows.append(row)
    document = {
        "lighthouse": LIGHTHOUSE_VERSION,
        "chromium": subprocess.run(
            [chrome, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "form_factor": "mobile (Lighthouse default, simulated throttling)",
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": round(os.getloadavg()[0], 2),
            "system": platform.platform(),
        },
        "url": options.url,
        "smoke": options.smoke,
        "seconds": round(time.perf_counter() - started, 1),
        "results": rows,
        "missed": missed_targets(rows),
    }
    if options.json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(table(rows))
        print()
        print("Targets missed:" if document["missed"] else "Every target met.")
        for line in document["missed"]:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
