"""The content studio, tried as a new staff member would (issue's "Done when").

A staff member who is not a superuser logs in from the header and, from the
back office's screens only (never /admin/): puts a picture in the media
library; creates cohort 8 and an administration; writes a défi and a news
post, each with that picture, as drafts; previews them; sends them to
review; schedules the post for the next minute and sees it go live by itself
(the task worker and the scheduler run beside the server, as `make prod`
starts them); publishes the défi, corrects a typo in it, restores the
previous version, unpublishes it and sees it leave the public site; and
reads each of these steps in the items' audit logs.

The server is the production configuration of conftest.py (gunicorn, DEBUG
off, collected static files). One desktop walk: the wait for the scheduled
publication (up to two minutes) is spent on the défi's steps.
"""

import io
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils.text import slugify

from tests.browser.conftest import ROOT, VIEWPORTS, watch_csp

pytestmark = pytest.mark.browser

PASSWORD = "Un-secret-bien-solide-2021"
PARIS = ZoneInfo("Europe/Paris")
EMAIL = "redaction-studio@eig.example"
STAFF_NAME = "Camille Rédaction"
COHORT = "Promotion 8"
ADMINISTRATION = "Agence nationale des données ouvertes"
CHALLENGE = "Ouvrir les données des ports"
POST = "La promotion 8 est lancée"
ALT = "Une grue de port déchargeant des conteneurs au lever du soleil"
CREDIT = "Photo : Port de Marseille"
TYPO = "Les donnés portuaires restent éparpillées entre dix systèmes."
FIXED = "Les données portuaires restent éparpillées entre dix systèmes."
PUBLICATION_TIMEOUT = 180  # seconds, after the scheduled minute


def _text(page, selector: str = "main") -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", page.locator(selector).inner_text())


def _png() -> bytes:
    """A small real picture (a blue sky over a grey quay)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (90, 150, 220))
    ImageDraw.Draw(image).rectangle((0, 140, 320, 200), fill=(110, 110, 110))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _click(page, name: str, role: str = "link"):
    page.locator("main").get_by_role(role, name=name, exact=True).first.click()
    page.wait_for_load_state()


def _submit(page, name: str):
    _click(page, name, role="button")


def _badge(page) -> str:
    """The item's state, as the edit screen's « Publication » card shows it."""
    return page.locator("aside .fr-badge").text_content().strip()


def _move(page, action: str, **fields):
    """A change of state from the edit screen: its button, then its confirmation."""
    _click(page, action)
    assert action in _text(page)
    for selector, value in fields.items():
        page.fill(f"#{selector}", value)
    _submit(page, f"Confirmer : {action}")


def _journal(page) -> list[tuple[str, str]]:
    """The audit log of the item on screen (its « Versions et journal » page),
    newest first: (who, action) of each row."""
    _click(page, "Versions et journal")
    rows = page.locator("section[aria-labelledby=log-title] tbody tr")
    return [
        tuple(cell.inner_text().strip() for cell in row.locator("td").all()[1:])
        for row in rows.all()
    ]


def _back_to_studio(page):
    if _text(page, "main h1") == "Contenus du site":
        return
    page.locator("nav.fr-breadcrumb").get_by_role("link", name="Contenus du site").click()
    page.wait_for_load_state()


def _open(page, kind_plural: str, title: str):
    """From any studio screen: the kind's list, then the item."""
    _back_to_studio(page)
    _click(page, kind_plural)
    page.locator("main table").get_by_role("link", name=title, exact=True).click()
    page.wait_for_load_state()
    assert _text(page, "main h1") == title


def _add(page, kind_plural: str, kind: str, *, draft: bool = True):
    """From the studio's home: the kind's list, then « Ajouter : … »."""
    _back_to_studio(page)
    _click(page, kind_plural)
    _click(page, f"Ajouter : {kind}")
    assert ("ce contenu sera un brouillon" in _text(page)) is draft


@pytest.fixture(scope="module")
def task_runners(live_url, server_env):
    """The task worker and the scheduler, as scripts/prod starts them beside
    the server, on the same database and settings."""
    logs, processes = [], []
    for name, args in (
        ("worker", ["db_worker", "--no-reload", "--no-startup-delay"]),
        ("scheduler", ["run_scheduler"]),
    ):
        log = open(f"{server_env['EIG_VAR_DIR']}/{name}.log", "w")  # noqa: SIM115
        logs.append(log)
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=server_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    yield
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    for log in logs:
        log.close()


def test_a_staff_member_runs_the_content_studio_without_the_admin(
    browser, live_url, manage, task_runners, screenshot
):
    manage(
        "create_account",
        "--email",
        EMAIL,
        "--staff",
        "--password",
        PASSWORD,
        "--first-name",
        STAFF_NAME.split()[0],
        "--last-name",
        STAFF_NAME.split()[1],
    )
    flags = manage(
        "shell",
        "-c",
        "from eig.accounts.models import User; "
        f"u = User.objects.get(email={EMAIL!r}); print(u.is_staff, u.is_superuser)",
    )
    assert flags.strip().splitlines()[-1] == "True False"  # staff, not a superuser

    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="fr-FR")
    page = context.new_page()
    page.viewport_name = "desktop"
    page.set_default_timeout(15_000)
    violations = watch_csp(page)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    failed: list[str] = []
    context.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 500 else None
        ),
    )

    # Logged in from the header, then into the back office.
    page.goto(live_url + "/")
    page.locator("header").get_by_role("link", name="Se connecter").first.click()
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit] >> nth=-1").click()
    page.wait_for_load_state()
    _click(page, "Ouvrir la gestion")
    assert "Gestion du programme" in _text(page)

    # A picture in the media library, with its alternative text and credit.
    _click(page, "Médiathèque")
    _click(page, "Ajouter un fichier")
    page.set_input_files(
        "#id_file", {"name": "port.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.fill("#id_title", "Port au lever du soleil")
    page.fill("#id_alt", ALT)
    page.fill("#id_credit", CREDIT)
    _submit(page, "Envoyer")
    assert "Le fichier est ajouté à la médiathèque." in _text(page)
    assert "320 × 200 px" in _text(page)
    picture_url = page.locator("main dd a").first.get_attribute("href")
    library_choice = f"Port au lever du soleil — {ALT}"

    # Cohort 8, then an administration (public as soon as something names it).
    _click(page, "Retour à la médiathèque")
    _click(page, "Retour à la gestion")
    _click(page, "Contenus du site")
    _click(page, "Promotions")
    _click(page, "Ajouter : Promotion")
    page.select_option("#id_programme", label="Entrepreneurs d'intérêt général")
    page.fill("#id_name", COHORT)
    page.fill("#id_slug", "8")
    page.fill("#id_number", "8")
    page.fill("#id_year", "2026")
    page.fill("#id_description", "La huitième promotion des entrepreneurs d'intérêt général.")
    _submit(page, "Enregistrer")
    assert f"« {COHORT} » est enregistré en brouillon : il n'est pas public." in _text(page)
    assert _badge(page) == "Brouillon"
    assert _status(live_url + "/promotions/8/") == 404
    _move(page, "Publier")
    assert _badge(page) == "Publié"
    assert _status(live_url + "/promotions/8/") == 200

    _add(page, "Administrations", "Administration", draft=False)
    page.fill("#id_name", ADMINISTRATION)
    page.fill("#id_acronym", "ANDO")
    page.select_option("#id_kind", label="Agence ou établissement public")
    _submit(page, "Enregistrer")
    assert f"« {ADMINISTRATION} » est enregistré" in _text(page)

    # The défi, a draft with the library's picture.
    _add(page, "Défis", "Défi")
    page.fill("#id_title", CHALLENGE)
    page.select_option("#id_cohort", label=COHORT)
    page.fill("#id_pitch", "Une seule porte d'entrée vers les données des ports français.")
    page.fill("#id_body", f"## Le constat\n\n{TYPO}\n\nL'équipe les rassemble en un service.")
    page.select_option("#id_organization", label=ADMINISTRATION)
    page.fill("#id_town", "Marseille")
    page.select_option("#id_library_image", label=library_choice)
    _submit(page, "Enregistrer")
    assert f"« {CHALLENGE} » est enregistré en brouillon" in _text(page)
    assert _badge(page) == "Brouillon"
    public_challenge = f"{live_url}/defis/2026/{slugify(CHALLENGE)}/"
    assert _status(public_challenge) == 404

    # Its preview: the public page as it will be, the picture and the typo included.
    _click(page, "Aperçu en français")
    assert "Aperçu réservé à l'équipe" in _text(page, "body")
    preview = _text(page)
    assert CHALLENGE in preview and TYPO in preview and ADMINISTRATION in preview
    assert page.locator(f"main img[alt='{ALT}']").count() >= 1
    screenshot(page, "studio-challenge-preview")
    _click(page, "Revenir au contenu")
    _move(page, "Envoyer en relecture")
    assert _badge(page) == "À relire"

    # The post, a draft with the same picture.
    _add(page, "Actualités", "Actualité")
    page.fill("#id_title", POST)
    page.select_option("#id_language", "fr")
    page.fill("#id_published_at", datetime.now(PARIS).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_author", "L'équipe EIG")
    page.fill("#id_description", "Les défis de la promotion 8 commencent.")
    page.fill("#id_lede", "Quinze défis, quarante-cinq entrepreneur·es.")
    page.fill("#id_body", f"## Les défis\n\nParmi eux : {CHALLENGE}.")
    page.select_option("#id_library_image", label=library_choice)
    _submit(page, "Enregistrer")
    assert f"« {POST} » est enregistré en brouillon" in _text(page)
    assert _badge(page) == "Brouillon"
    public_post = f"{live_url}/actualites/{slugify(POST)}/"
    assert _status(public_post) == 404

    _click(page, "Aperçu en français")
    preview = _text(page)
    assert POST in preview and "Quinze défis" in preview
    assert page.locator(f"main img[alt='{ALT}']").count() >= 1
    assert CREDIT in preview
    screenshot(page, "studio-post-preview")
    _click(page, "Revenir au contenu")
    _move(page, "Envoyer en relecture")
    assert _badge(page) == "À relire"

    # Both wait for review on the studio's home.
    _back_to_studio(page)
    waiting = _text(page, "section[aria-labelledby=waiting]")
    assert CHALLENGE in waiting and POST in waiting

    # The post is scheduled for the next minute (Paris time, as the form says).
    _click(page, POST)
    now = datetime.now(PARIS)
    live_at = (now + timedelta(minutes=1 if now.second < 45 else 2)).replace(
        second=0, microsecond=0
    )
    _move(page, "Programmer la publication", id_publish_at=live_at.strftime("%Y-%m-%dT%H:%M"))
    assert _badge(page) == "Programmé"
    assert f"Mise en ligne le {live_at.day}" in _text(page, "aside")
    assert f"{live_at:%H:%M}" in _text(page, "aside").replace(" h ", ":")
    screenshot(page, "studio-post-scheduled")
    assert _status(public_post) == 404
    with urllib.request.urlopen(live_url + "/actualites/", timeout=10) as response:
        assert POST not in response.read().decode()

    # Meanwhile the défi is published, corrected, restored and unpublished.
    _open(page, "Défis", CHALLENGE)
    _move(page, "Publier")
    assert _badge(page) == "Publié"
    _click(page, "Voir la page publique")
    assert page.url == public_challenge
    assert TYPO in _text(page)

    page.go_back()
    page.fill("#id_body", f"## Le constat\n\n{FIXED}\n\nL'équipe les rassemble en un service.")
    _submit(page, "Enregistrer")
    assert "Modifications enregistrées." in _text(page)
    assert _badge(page) == "Publié"
    _click(page, "Voir la page publique")
    assert FIXED in _text(page) and TYPO not in _text(page)
    page.go_back()

    _click(page, "Versions et journal")
    versions = page.locator("section[aria-labelledby=versions-title] > ol > li")
    assert "Modification" in versions.nth(0).inner_text()
    assert "Publication" in versions.nth(1).inner_text()
    assert FIXED in versions.nth(0).inner_text()  # the change, field by field
    versions.nth(1).get_by_role("link", name="Restaurer cette version").click()
    page.wait_for_load_state()
    [change] = page.locator("main tbody tr").all()
    today, restored = change.locator("td").all()[1:]
    assert FIXED in today.inner_text() and TYPO in restored.inner_text()
    screenshot(page, "studio-restore")
    _submit(page, "Confirmer la restauration")
    assert "La version choisie est restaurée." in _text(page)
    assert page.locator("#id_body").input_value().count(TYPO) == 1
    assert _status(public_challenge) == 200
    with urllib.request.urlopen(public_challenge, timeout=10) as response:
        public_page = response.read().decode()
    assert "Les donnés portuaires" in public_page

    _move(page, "Retirer du site public")
    assert _badge(page) == "Dépublié"
    assert "Voir la page publique" not in _text(page, "aside")
    assert _status(public_challenge) == 404
    page.goto(public_challenge)
    assert "introuvable" in _text(page).lower() or "404" in _text(page)
    page.go_back()

    # The post goes live by itself at its minute (the scheduler, then the worker).
    deadline = live_at.timestamp() + PUBLICATION_TIMEOUT
    while _status(public_post) != 200:
        assert time.time() < deadline, "the scheduled post did not go live in time"
        time.sleep(2)
    went_live = datetime.now(PARIS)
    assert went_live >= live_at
    page.goto(live_url + "/actualites/")
    assert POST in _text(page)
    _click(page, POST)
    public = _text(page)
    assert "Quinze défis" in public and CREDIT in public
    picture = page.locator(f"main img[alt='{ALT}']").first
    assert urllib.parse.urlsplit(picture_url).path.rsplit(".", 1)[0] in picture.get_attribute("src")
    screenshot(page, "studio-post-live")
    page.go_back()
    page.locator("header").get_by_role("link", name="Mon espace").first.click()
    _click(page, "Ouvrir la gestion")
    _click(page, "Contenus du site")
    _open(page, "Actualités", POST)
    assert _badge(page) == "Publié"

    # Each step, in the items' audit logs: who did what.
    assert _journal(page) == [
        ("système", "Publication d'un contenu"),  # the scheduler, at its minute
        (STAFF_NAME, "Publication programmée"),
        (STAFF_NAME, "Contenu envoyé en relecture"),
        (STAFF_NAME, "Création d'un contenu"),
    ]
    _open(page, "Défis", CHALLENGE)
    assert _journal(page) == [
        (STAFF_NAME, "Retrait d'un contenu du site public"),
        (STAFF_NAME, "Restauration d'une version"),
        (STAFF_NAME, "Modification d'un contenu"),
        (STAFF_NAME, "Publication d'un contenu"),
        (STAFF_NAME, "Contenu envoyé en relecture"),
        (STAFF_NAME, "Création d'un contenu"),
    ]
    screenshot(page, "studio-journal")

    # The picture's library page lists where it is used.
    page.locator("nav.fr-breadcrumb").get_by_role("link", name="Gestion", exact=True).click()
    _click(page, "Médiathèque")
    _click(page, "Port au lever du soleil")
    usages = _text(page, "section[aria-labelledby=usages]")
    assert CHALLENGE in usages and POST in usages

    context.close()
    assert not violations, "Content Security Policy violations:\n" + "\n".join(violations)
    assert not failed, failed
    admin = [url for url in requested if urllib.parse.urlsplit(url).path.startswith("/admin")]
    assert not admin, admin
