"""The call for applications, tried as a new candidate would (desktop and mobile).

On the real cohort-3 call (moved around today: the real one closed on
15 October 2018): a candidate signs up, confirms the address from the
recorded e-mail, fills every step, has a fake PDF refused, uploads a CV,
ranks three défis, closes the browser, comes back, submits with a double
click, gets exactly one receipt and sees the status. Another candidate's
submission arriving after the deadline is refused with a clear message and
the draft is kept.
"""

import json
import re

import pytest

from tests.applications.factories import FAKE_PDF, pdf_bytes

pytestmark = pytest.mark.browser

PASSWORD = "Un-secret-bien-solide-2018"
CALL = "Appel à candidatures – Promotion 3"


def _text(page) -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", page.locator("main").inner_text())


def _shell(manage, code: str) -> str:
    return manage("shell", "-c", code).strip()


def _login(page, live_url, email, next_url="/espace/candidature/"):
    page.goto(f"{live_url}/compte/connexion/?next={next_url}")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert next_url in page.url, _text(page)


def _save_and_continue(page):
    page.get_by_role("button", name="Enregistrer et continuer", exact=True).click()
    page.wait_for_load_state()


@pytest.fixture
def cohort3_call_open(manage):
    """The real cohort-3 call, open since yesterday and for one more hour; put back after."""
    before = _shell(
        manage,
        "import json; from eig.applications.models import ApplicationCall as C; "
        f"c = C.objects.get(title='{CALL}'); "
        "print(json.dumps([c.pk, c.opens_at.isoformat(), c.closes_at.isoformat()]))",
    )
    pk, opens_at, closes_at = json.loads(before.splitlines()[-1])
    _shell(
        manage,
        "from datetime import timedelta; from django.utils import timezone; "
        "from eig.applications.models import ApplicationCall as C; "
        f"C.objects.filter(pk={pk}).update(opens_at=timezone.now() - timedelta(days=1), "
        "closes_at=timezone.now() + timedelta(hours=1))",
    )
    yield pk
    _shell(
        manage,
        "from django.utils.dateparse import parse_datetime; "
        "from eig.applications.models import ApplicationCall as C; "
        f"C.objects.filter(pk={pk}).update(opens_at=parse_datetime('{opens_at}'), "
        f"closes_at=parse_datetime('{closes_at}'))",
    )


def test_a_candidate_applies_on_the_cohort_3_call(
    page, browser, live_url, manage, cohort3_call_open, screenshot, assert_accessible
):
    run = page.viewport_name
    email = f"candidate-{run}@exemple.fr"

    # The call page: open, its deadline, a countdown, the way in.
    page.goto(live_url + "/candidature/")
    text = _text(page)
    assert CALL in text and "L'appel est ouvert" in text
    assert "Plus que 59 minutes pour candidater" in text or "Plus que 1 heure" in text
    assert "4 000 € nets par mois" in text and "10 mois" in text
    assert "Dynamisme et vision" in text
    screenshot(page, "candidature-open")
    assert_accessible(page)

    # Sign up as a candidate and confirm the address from the recorded e-mail.
    page.get_by_role("link", name="Créer mon compte").click()
    page.fill("#id_first_name", "Inès")
    page.fill("#id_last_name", f"Moreau {run}")
    page.fill("#id_email", email)
    page.locator("#id_kind_1").check(force=True)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_load_state()
    body = _shell(
        manage,
        "from eig.mail.models import Email; "
        f"print(Email.objects.filter(to='{email}').latest('created_at').body_text)",
    )
    page.goto(re.search(r"https?://\S+/compte/confirmation/\S+", body).group(0))
    assert "Votre adresse e-mail est confirmée" in _text(page)
    _login(page, live_url, email)

    # Start, then every step, each saved on its own.
    page.get_by_role("button", name="Commencer ma candidature").click()
    page.wait_for_load_state()
    assert "Étape 1 sur 9" in _text(page)
    assert page.input_value("#id_first_name") == "Inès"
    page.fill("#id_phone", "pas un numéro")
    _save_and_continue(page)
    assert "Saisissez un numéro de téléphone valide" in _text(page)
    assert page.input_value("#id_phone") == "pas un numéro"  # nothing typed is lost
    screenshot(page, "candidate-step-error")
    assert_accessible(page)
    page.fill("#id_phone", "06 12 34 56 78")
    page.fill("#id_city", "Lyon")
    _save_and_continue(page)

    page.locator("input[name=profile][value=data_scientist]").check(force=True)
    page.fill("#id_experience", "Trois ans d'analyse de données de santé publique.")
    _save_and_continue(page)
    page.fill("#id_skills", "Python, pandas, scikit-learn, SQL, visualisation")
    page.fill("#id_general_interest", "Contributrice à data.gouv.fr")
    _save_and_continue(page)
    page.fill("#id_code_url", "https://github.com/ines-moreau")
    _save_and_continue(page)

    # The CV: an executable renamed .pdf is refused, a real PDF accepted.
    page.set_input_files(
        "#id_cv", files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": FAKE_PDF}]
    )
    _save_and_continue(page)
    assert "n'est pas un PDF" in _text(page)
    page.set_input_files(
        "#id_cv",
        files=[{"name": "CV Inès.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(2)}],
    )
    _save_and_continue(page)
    assert "Étape enregistrée" in _text(page)

    page.fill("#id_available_from", "2019-01-16")
    page.locator("#id_full_time").check(force=True)
    _save_and_continue(page)

    # Three défis of the cohort, ranked, each with a motivation.
    options = page.locator("#id_challenge_1 option").all_inner_texts()
    titles = [o for o in options if o.startswith(("DataJust", "CartoBio", "Open Justice"))]
    assert len(titles) == 3, options
    for rank, title in enumerate(sorted(titles, reverse=True), start=1):
        page.select_option(f"#id_challenge_{rank}", label=title)
        page.fill(f"#id_motivation_{rank}", f"Ma motivation n° {rank} pour {title}.")
    screenshot(page, "candidate-defis")
    assert_accessible(page)
    _save_and_continue(page)
    page.locator("#id_consent").check(force=True)
    _save_and_continue(page)
    assert "Votre candidature est complète" in _text(page)

    # The browser is closed before submitting; the candidate comes back later.
    page.context.close()
    context = browser.new_context(viewport=page.viewport_size, locale="fr-FR")
    back = context.new_page()
    back.viewport_name = run
    _login(back, live_url, email)
    back.get_by_role("link", name=CALL).click()
    back.wait_for_load_state()
    text = _text(back)
    assert "brouillon" in text.lower() and "CV Inès.pdf" in text
    assert "Python, pandas" in text and "Ma motivation n° 3" in text

    # A double click on "Déposer": one submission, one receipt.
    back.get_by_role("button", name="Déposer ma candidature").dblclick()
    back.wait_for_load_state()
    back.wait_for_url(re.compile(r"/espace/candidature/\d+/$"))
    counts = _shell(
        manage,
        "from eig.mail.models import Email; "
        "from eig.applications.models import Application, ApplicationTransition; "
        f"a = Application.objects.get(candidate__email='{email}'); "
        f"print(Email.objects.filter(to='{email}', template='applications/receipt').count(), "
        "ApplicationTransition.objects.filter(application=a).count(), a.state)",
    )
    assert counts.splitlines()[-1] == "1 1 submitted"
    back.reload()
    text = _text(back)
    assert "déposée" in text.lower() and "Votre candidature est déposée" in text
    receipt = _shell(
        manage,
        "from eig.mail.models import Email; "
        f"print(Email.objects.get(to='{email}', template='applications/receipt').body_text)",
    )
    assert "CV Inès.pdf" in receipt and "Ma motivation n° 1" in receipt
    screenshot(back, "candidate-submitted")
    assert_accessible(back)
    context.close()


def test_a_submission_after_the_deadline_is_refused_and_the_draft_kept(
    page, live_url, manage, cohort3_call_open, screenshot
):
    run = page.viewport_name
    email = f"late-{run}@exemple.fr"
    manage("create_account", "--email", email, "--role", "candidate", "--password", PASSWORD)
    # A complete draft, written through the same services as the pages.
    _shell(
        manage,
        "import io; from datetime import date; "
        "from pypdf import PdfWriter; "
        "from eig.accounts.models import User; "
        "from eig.applications import services; "
        "from eig.applications.models import ApplicationCall; "
        "from eig.applications.selectors import call_challenges; "
        f"u = User.objects.get(email='{email}'); "
        f"call = ApplicationCall.objects.get(pk={cohort3_call_open}); "
        "a = services.application_start(call=call, candidate=u); "
        "f = lambda s, **v: services.application_update(application=a, by=u, section=s, fields=v); "
        "f('identite', first_name='Léo', last_name='Tardif', phone='0611223344'); "
        "f('profil', profile='developer', experience='Dix ans de Java.'); "
        "f('competences', skills='Java, Kotlin'); f('liens', code_url='https://gitlab.com/leo'); "
        "f('disponibilite', available_from=date(2019, 1, 16), full_time=True); "
        "w = PdfWriter(); w.add_blank_page(width=100, height=100); b = io.BytesIO(); w.write(b); "
        "services.application_cv_upload(application=a, by=u, file=b, original_name='cv.pdf'); "
        "services.application_choices_save(application=a, by=u, "
        "choices=[(call_challenges(call).first(), 'Motivé.')]); "
        "f('consentement', consent=True)",
    )
    _login(page, live_url, email)
    page.get_by_role("link", name=CALL).click()
    page.wait_for_load_state()
    submit = page.get_by_role("button", name="Déposer ma candidature")
    assert submit.is_visible()

    # The deadline passes while the page is open: it was one second ago.
    _shell(
        manage,
        "from datetime import timedelta; from django.utils import timezone; "
        "from eig.applications.models import ApplicationCall as C; "
        f"C.objects.filter(pk={cohort3_call_open}).update("
        "closes_at=timezone.now() - timedelta(seconds=1))",
    )
    submit.click()
    page.wait_for_load_state()

    text = _text(page)
    assert "L'appel à candidatures est clos depuis le" in text
    assert "Votre brouillon est conservé" in text
    assert "brouillon" in text.lower() and "Java, Kotlin" in text
    state = _shell(
        manage,
        "from eig.applications.models import Application; "
        f"print(Application.objects.get(candidate__email='{email}').state)",
    )
    assert state.splitlines()[-1] == "draft"
    screenshot(page, "candidate-late")
