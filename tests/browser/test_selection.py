"""The selection of candidates, tried as the programme team and the jury would
(issue 6, "done when").

A closed call with three submitted applications (made in the server's
database): staff pre-select two of them in bulk with a reason; a jury member
declares a conflict of interest with one; staff run the automatic
assignment; three reviewers score and send; the ranking shows raw and
normalised scores; staff create an audition slot, form its panel and
schedule the audition of the first application, whose `.ics` the panel
member downloads; the panel records the audition; staff decide and announce;
the decision e-mails are in the outbox. The member with a conflict never sees
that application, neither in their list nor by its address.
"""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser

PASSWORD = "Un-secret-bien-solide-2018"
SETUP = """
import json
from django.utils import timezone
from eig.accounts.models import Role, RoleGrant, User
from eig.applications.models import ApplicationChoice
from eig.cohorts.models import Programme
from eig.organizations.models import Organization
from eig.selection.models import JuryMember
from tests.applications.factories import ApplicationFactory
from tests.factories import ApplicationCallFactory, ChallengeFactory, CohortFactory

programme = Programme.objects.first()
cohort = CohortFactory(programme=programme, number=31, slug="eig-31", name="Promotion 31")
call = ApplicationCallFactory(cohort=cohort, closed=True, title="Appel à candidatures — sélection")
host = Organization.objects.create(name="Direction de l'essai", slug="direction-essai")
other = Organization.objects.create(name="Direction voisine", slug="direction-voisine")
challenge = ChallengeFactory(cohort=cohort, title="Défi Sélection", slug="defi-selection",
                             organization=host)
apps = []
for first, last in [("Alice", "Martin"), ("Bruno", "Petit"), ("Chloé", "Roux")]:
    a = ApplicationFactory(call=call, submitted=True, first_name=first, last_name=last,
                           with_choice=None)
    ApplicationChoice.objects.create(application=a, challenge=challenge, rank=1,
                                     motivation="Servir les usagers.")
    apps.append(a.pk)
members = []
for email, kind, org in [
    ("jury-a@exemple.fr", "administration", other),
    ("jury-b@exemple.fr", "outside", None),
    ("jury-c@exemple.fr", "outside", None),
    ("jury-d@exemple.fr", "outside", None),
]:
    user = User.objects.create_user(email, PASSWORD_PLACEHOLDER, first_name=email[:6].title(),
                                    last_name="Jury", email_confirmed_at=timezone.now())
    RoleGrant.objects.create(user=user, role=Role.JURY)
    members.append(JuryMember.objects.create(call=call, user=user, kind=kind, organization=org).pk)
print(json.dumps({"call": call.pk, "apps": apps, "challenge": challenge.pk}))
"""


def _text(page) -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", page.locator("main").inner_text())


def _person(browser, live_url, email):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.viewport_name = "desktop"
    page.goto(live_url + "/compte/connexion/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "/espace/" in page.url, _text(page)
    return page


def _click(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _score(page, live_url, review_url, scores):
    page.goto(live_url + review_url)
    for code, value in scores.items():
        page.locator(f"input[name={code}][value='{value}']").check(force=True)
    page.get_by_label("Commentaire").fill("Parcours solide, motivation claire.")
    _click(page, "Envoyer mon évaluation")
    assert "Votre évaluation" in _text(page) or "envoyée" in _text(page).lower(), _text(page)


def test_staff_preselect_assign_rank_audition_and_decide(
    browser, live_url, manage, screenshot, assert_accessible
):
    out = manage("shell", "-c", SETUP.replace("PASSWORD_PLACEHOLDER", repr(PASSWORD)))
    world = json.loads(out.strip().splitlines()[-1])
    call, (alice, bruno, chloe) = world["call"], world["apps"]
    submitted = f"{live_url}/gestion/candidatures/?state=submitted&challenge={world['challenge']}"
    manage("create_account", "--email", "selection@eig.example", "--staff", "--password", PASSWORD)
    staff = _person(browser, live_url, "selection@eig.example")

    # Pre-selection in bulk, with a reason; Chloé is not pre-selected.
    staff.goto(submitted)
    for pk in (alice, bruno):
        staff.locator(f"#select-{pk}").check(force=True)
    staff.get_by_label("Action sur la sélection").select_option("state:preselected")
    staff.get_by_label(re.compile("Motif")).fill("Profils rares et motivés")
    _click(staff, "Appliquer")
    staff.goto(submitted)
    staff.locator(f"#select-{chloe}").check(force=True)
    staff.get_by_label("Action sur la sélection").select_option("state:not_preselected")
    _click(staff, "Appliquer")
    staff.goto(f"{live_url}/gestion/candidatures/{alice}/")
    assert "Profils rares et motivés" in _text(staff)

    # Jury member D declares a conflict with Alice's application.
    conflicted = _person(browser, live_url, "jury-d@exemple.fr")
    conflicted.goto(f"{live_url}/espace/evaluations/conflits/{call}/")
    conflicted.locator(f"a[href*='/conflits/'][href*='/{alice}/']").first.click()
    conflicted.wait_for_load_state()
    conflicted.get_by_label("Nature du conflit d'intérêts").fill("Ancienne collègue directe.")
    _click(conflicted, "Déclarer le conflit d'intérêts")

    # Automatic assignment: K = 3 reviews per application, D never on Alice.
    staff.goto(f"{live_url}/gestion/selection/{call}/")
    staff.get_by_role("link", name=re.compile("ttribution")).first.click()
    staff.wait_for_load_state()
    _click(staff, "Lancer l'attribution automatique")
    screenshot(staff, "selection-assignment")
    assert_accessible(staff)

    # The member with a conflict: not in the list, 404 by address (page and CV).
    conflicted.goto(f"{live_url}/espace/evaluations/")
    assert "Alice" not in _text(conflicted)
    response = conflicted.request.get(f"{live_url}/espace/evaluations/{alice}/")
    assert response.status == 404
    assigned = manage(
        "shell",
        "-c",
        "from eig.selection.models import ReviewAssignment as R; "
        f"print(sorted(R.objects.filter(application_id={alice}).values_list("
        "'member__user__email', flat=True)))",
    )
    assert "jury-d@" not in assigned and assigned.count("@exemple.fr") == 3, assigned

    # Three reviewers score everything assigned to them and send.
    CRITERIA = (
        "dynamism",
        "challenge_understanding",
        "general_interest",
        "administration_fit",
        "technical_skills",
        "availability",
    )
    for index, email in enumerate(["jury-a@exemple.fr", "jury-b@exemple.fr", "jury-c@exemple.fr"]):
        reviewer = _person(browser, live_url, email)
        reviewer.goto(f"{live_url}/espace/evaluations/")
        links = sorted(
            {
                href
                for href in reviewer.locator("main a[href^='/espace/evaluations/']").evaluate_all(
                    "els => els.map(e => e.getAttribute('href'))"
                )
                if re.fullmatch(r"/espace/evaluations/\d+/", href)
            }
        )
        assert f"/espace/evaluations/{alice}/" in links, links
        for href in links:
            # Alice: 5, 4, 5 per criterion; Bruno: reviewer-dependent.
            value = 5 - index % 2 if href.endswith(f"/{alice}/") else 2 + index
            scores = dict.fromkeys(CRITERIA, value)
            _score(reviewer, live_url, href, scores)
        if index == 0:
            screenshot(reviewer, "selection-review-sent")
            assert_accessible(reviewer)
        reviewer.context.close()

    # The ranking, with raw and normalised scores.
    staff.goto(f"{live_url}/gestion/selection/{call}/classement/")
    ranking = _text(staff)
    assert "Classement général" in ranking
    assert "Alice" in ranking and "Bruno" in ranking and "Chloé" not in ranking
    assert "Score normalisé" in ranking and "Rang avant normalisation" in ranking
    assert re.search(r"1 Alice Martin Défi Sélection [-\d,]+ [\d,]+ 1 = 3 / 3", ranking), ranking
    assert "1 évaluation manquante" in ranking.lower() or "1 ÉVALUATION MANQUANTE" in ranking
    screenshot(staff, "selection-ranking")
    assert_accessible(staff)

    # An audition slot (yesterday, so the result can be recorded), its panel,
    # and Alice's audition scheduled.
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    staff.goto(f"{live_url}/gestion/auditions/{call}/")
    staff.get_by_role("link", name=re.compile("Créer un créneau")).first.click()
    staff.wait_for_load_state()
    staff.get_by_label("Jour").fill(yesterday)
    staff.get_by_label("Début").fill("10:00")
    staff.get_by_label("Fin").fill("10:45")
    staff.get_by_label("Lieu").fill("20 avenue de Ségur, Paris")
    _click(staff, "Créer le créneau")
    staff.goto(f"{live_url}/gestion/auditions/{call}/jurys/")
    staff.locator("input[name=slots]").first.check(force=True)
    for name in ("Jury-a", "Jury-b"):
        checkbox_id = staff.locator("label", has_text=name).first.get_attribute("for")
        staff.locator(f"#{checkbox_id}").check(force=True)
    _click(staff, "Enregistrer le jury")
    staff.goto(f"{live_url}/gestion/auditions/candidature/{alice}/programmer/")
    staff.locator("input[name=slot]").first.check(force=True)
    _click(staff, "Programmer l'audition")
    staff.goto(f"{live_url}/gestion/candidatures/{alice}/")
    assert "Audition programmée" in _text(staff)

    # The panel member gets the audition in their space, with its .ics.
    panel = _person(browser, live_url, "jury-a@exemple.fr")
    panel.goto(f"{live_url}/espace/auditions/")
    ics_href = panel.get_by_role("link", name="Ajouter à mon agenda (.ics)").first.get_attribute(
        "href"
    )
    ics = panel.request.get(live_url + ics_href)
    assert ics.status == 200 and "text/calendar" in ics.headers["content-type"]
    body = ics.text()
    assert "BEGIN:VEVENT" in body and "DTSTART" in body and "Ségur" in body.replace("\r\n ", "")
    panel.locator("main a[href^='/espace/auditions/']").first.click()
    panel.wait_for_load_state()
    panel.locator("input[name=outcome][value=held]").check(force=True)
    panel.get_by_label("Avis du jury").select_option("favourable")
    _click(panel, "Enregistrer le résultat")

    # Decisions: Alice laureate; the announcement sends the e-mails.
    staff.goto(f"{live_url}/gestion/decisions/{call}/")
    staff.locator(f"input[name=applications][value='{alice}']").first.check(force=True)
    staff.locator("#id_outcome").select_option("laureate")
    _click(staff, "Enregistrer la décision")
    staff.get_by_role("link", name="Annoncer les décisions").click()
    staff.wait_for_load_state()
    assert re.search(r"\d+ courriels? partir", _text(staff)), _text(staff)
    _click(staff, "Annoncer les décisions")

    # The outbox holds the decision e-mails, and the audition invitation.
    staff.goto(f"{live_url}/gestion/courriels/")
    outbox = _text(staff)
    screenshot(staff, "selection-outbox")
    emails = json.loads(
        manage(
            "shell",
            "-c",
            "import json; from eig.mail.models import Email; "
            "from eig.applications.models import Application as A; "
            f"a = A.objects.get(pk={alice}); c = A.objects.get(pk={chloe}); "
            "print(json.dumps({'alice': list(Email.objects.filter(to=a.candidate.email)"
            ".values_list('template', flat=True)), 'chloe': list(Email.objects.filter("
            "to=c.candidate.email).values_list('template', flat=True)), "
            "'states': [a.state, c.state]}))",
        )
        .strip()
        .splitlines()[-1]
    )
    assert emails["states"] == ["laureate", "not_preselected"]
    assert any("laureate" in t for t in emails["alice"]), emails
    assert any("invitation" in t or "audition" in t for t in emails["alice"]), emails
    assert any("not_preselected" in t for t in emails["chloe"]), emails
    assert "Alice" in outbox or "exemple" in outbox
