"""The call for projects, tried as its users would (desktop and mobile widths).

An agent signs up, confirms the address from the recorded outbox, writes and
submits a défi proposal; a jury member scores it; staff select, validate and
publish it: it appears in the public catalogue and its budget on the staff
dashboard. A late submission is refused with a clear message, the draft kept.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "Un-secret-bien-solide-2018"
PARIS = ZoneInfo("Europe/Paris")
ORGANIZATION = "Agence Française pour le Développement et la Promotion de l’Agriculture Biologique"


def _text(page) -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", page.locator("main").inner_text())


def _login(page, live_url, email):
    page.goto(live_url + "/compte/connexion/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "/espace/" in page.url, _text(page)


def _paris(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M:%S")


def _submit(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _write_proposal(page, title: str):
    """The four steps, each saved on its own."""
    page.fill("#id_title", title)
    page.fill("#id_pitch", "Une carte des parcelles bio pour les agriculteurs et les collectivités")
    page.fill("#id_location", "Montreuil")
    _submit(page, "Enregistrer et continuer")
    assert "Étape enregistrée" in _text(page)
    page.fill("#id_context", "L'Agence Bio recense les opérateurs en agriculture biologique.")
    page.fill("#id_problem", "Les parcelles bio ne sont visibles sur aucune carte publique.")
    page.fill("#id_data_available", "Les déclarations PAC et les registres des certificateurs.")
    page.fill("#id_expected_outcome", "Une carte ouverte et une API des parcelles bio.")
    _submit(page, "Enregistrer et continuer")
    page.fill("#id_mentors-0-name", "Anne Opérationnelle")
    page.fill("#id_mentors-0-position_title", "Cheffe du service données")
    page.fill("#id_mentors-0-email", "anne@agencebio.example")
    page.fill("#id_mentors-1-name", "Bruno Stratège")
    page.fill("#id_mentors-1-position_title", "Directeur")
    page.fill("#id_mentors-1-email", "bruno@agencebio.example")
    _submit(page, "Enregistrer et continuer")
    page.fill("#id_developers", "2")
    page.fill("#id_designers", "1")
    page.fill("#id_data_scientists", "0")
    page.locator("#id_cofunding_commitment").check(force=True)
    _submit(page, "Enregistrer et relire")


def test_a_defi_from_proposal_to_catalogue(
    page, browser, live_url, manage, screenshot, assert_accessible
):
    run = page.viewport_name
    staff_email, jury_email = f"equipe-{run}@eig.example", f"jury-{run}@eig.example"
    agent_email = f"agent-{run}@agencebio.example"
    manage("create_account", "--email", staff_email, "--staff", "--password", PASSWORD)
    manage(
        "create_account",
        "--email",
        jury_email,
        "--role",
        "jury",
        "--password",
        PASSWORD,
        "--first-name",
        "Sacha",
        "--last-name",
        f"Juré {run}",
    )
    staff = browser.new_context(viewport=page.viewport_size, locale="fr-FR").new_page()
    jury = browser.new_context(viewport=page.viewport_size, locale="fr-FR").new_page()
    staff.viewport_name = jury.viewport_name = run

    # Staff open the call for projects, with its information meeting.
    _login(staff, live_url, staff_email)
    staff.goto(live_url + "/gestion/")
    staff.get_by_role("link", name="Ouvrir un appel à projets").click()
    now = datetime.now(PARIS)
    call_title = f"Appel à projets {run} {now:%H%M%S}"
    staff.select_option("#id_cohort", label="Promotion 4")
    staff.fill("#id_title", call_title)
    staff.fill("#id_opens_at", _paris(now - timedelta(days=1)))
    staff.fill("#id_closes_at", _paris(now + timedelta(days=30)))
    staff.fill("#id_meeting_starts_at", _paris(now + timedelta(days=3)))
    staff.fill("#id_meeting_location", "Paris, 20 avenue de Ségur")
    _submit(staff, "Enregistrer")
    assert "L'appel à projets est enregistré." in _text(staff)
    call_url = staff.url

    # The agent finds the call, signs up and confirms the address.
    page.goto(live_url + "/appel-a-projets/")
    assert call_title in _text(page)
    assert "Réunion d'information" in _text(page)
    page.get_by_role("link", name="Créer un compte").first.click()
    page.fill("#id_first_name", "Claude")
    page.fill("#id_last_name", "Dupont")
    page.fill("#id_email", agent_email)
    page.locator("#id_kind_0").check(force=True)
    page.select_option("#id_organization", label=ORGANIZATION)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    screenshot(page, "sign-up")
    assert_accessible(page)
    _submit(page, "Créer mon compte")
    assert "Confirmez votre adresse e-mail" in _text(page)

    body = manage(
        "shell",
        "-c",
        "from eig.mail.models import Email; "
        f"print(Email.objects.filter(to='{agent_email}').latest('created_at').body_text)",
    )
    link = re.search(r"https?://\S+/compte/confirmation/\S+", body).group(0)
    page.goto(link)
    assert "Votre adresse e-mail est confirmée" in _text(page)
    _login(page, live_url, agent_email)

    # The agent writes the proposal in four saved steps, then submits it.
    title = f"CartoBio {run} {now:%H%M%S}"
    page.goto(live_url + "/espace/propositions/")
    _submit(page, "Commencer une proposition")
    _write_proposal(page, title)
    screenshot(page, "proposal-review")
    assert_accessible(page)
    _submit(page, "Déposer la proposition")
    assert "Votre proposition est déposée" in _text(page)

    # Staff give it to the jury and open the review.
    staff.goto(call_url)
    staff.get_by_role("link", name=title, exact=True).click()
    staff.get_by_role("checkbox", name=re.compile(re.escape(jury_email))).check(force=True)
    _submit(staff, "Confier au jury")
    _submit(staff, "Ouvrir l'examen par le jury")
    assert "En cours d'examen" in _text(staff)

    # The jury member scores it on the grid.
    _login(jury, live_url, jury_email)
    jury.goto(live_url + "/espace/jury/")
    jury.get_by_role("link", name=title, exact=True).click()
    for criterion, score in (("impact", 5), ("feasibility", 4), ("data", 4), ("commitment", 5)):
        jury.locator(f"input[name={criterion}][value='{score}']").check(force=True)
    jury.fill("#id_comment", "Données riches, équipe motivée.")
    screenshot(jury, "jury-grid")
    assert_accessible(jury)
    _submit(jury, "Enregistrer mon évaluation")
    assert "Évaluation enregistrée" in _text(jury)

    # Staff see the scores, select, validate and publish.
    staff.reload()
    text = _text(staff)
    assert "4,50" in text  # (5 + 4 + 4 + 5) / 4
    screenshot(staff, "staff-proposal")
    assert_accessible(staff)
    _submit(staff, "Sélectionner (cofinancé à 70 %)")
    _submit(staff, "Enregistrer la validation du comité de pilotage")
    _submit(staff, "Publier au catalogue des défis")
    assert "Publiée au catalogue" in _text(staff)

    # It is in the public catalogue, with its mentors.
    page.goto(live_url + "/defis/?q=" + title.replace(" ", "+"))
    page.get_by_role("link", name=title).first.click()
    page.wait_for_load_state()
    detail = _text(page)
    assert "Anne Opérationnelle" in detail and "Bruno Stratège" in detail

    # Its budget is on the staff pages: 3 EIG × 10 months × 4 000 € × 1.80.
    staff.goto(call_url)
    assert "216 000,00" in _text(staff) and "151 200,00" in _text(staff)
    staff.goto(live_url + "/gestion/")
    budgets = _text(staff)
    assert "Budget par promotion" in budgets and "Promotion 4" in budgets
    screenshot(staff, "staff-dashboard")
    assert_accessible(staff)

    # A late submission: the deadline passes while the agent is on the page.
    page.goto(live_url + "/espace/propositions/")
    _submit(page, "Commencer une proposition")
    late_title = f"Proposition tardive {run}"
    _write_proposal(page, late_title)
    call_pk = call_url.rstrip("/").rsplit("/", 1)[1]
    manage(
        "shell",
        "-c",
        "import datetime; from django.utils import timezone; "
        "from eig.proposals.models import ChallengeCall; "
        f"ChallengeCall.objects.filter(pk={call_pk})"
        ".update(closes_at=timezone.now() - datetime.timedelta(seconds=1))",
    )
    _submit(page, "Déposer la proposition")
    refused = _text(page)
    assert "est clos depuis le" in refused and "Votre brouillon est conservé" in refused
    assert "brouillon" in refused.lower() and late_title in refused
    screenshot(page, "late-submission")
    assert_accessible(page)
    # editing is refused too, and what was typed stays on screen
    page.goto(page.url + "presentation/")
    page.fill("#id_title", "Titre tapé après la clôture")
    _submit(page, "Enregistrer")
    assert "est clos depuis le" in _text(page)
    assert page.input_value("#id_title") == "Titre tapé après la clôture"
