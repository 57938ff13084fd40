import pytest

from eig.content.models import FaqAudience
from tests.factories import FaqItemFactory, PageFactory, PressLinkFactory

pytestmark = pytest.mark.django_db


def test_programme_page_renders_the_programme_markdown(client, django_assert_max_num_queries):
    PageFactory(slug="programme", title="Le programme", body="**L’ambition de ce programme**")
    PageFactory(slug="accompagnement", title="L'accompagnement", position=2)

    with django_assert_max_num_queries(3):  # + the current call
        response = client.get("/programme/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Le programme</h1>" in html
    assert "<strong>L’ambition de ce programme</strong>" in html
    assert 'href="/programme/accompagnement/"' in html
    assert "<title>Le programme — " in html


def test_other_page_and_unpublished_page(client):
    PageFactory(slug="accompagnement", title="L'accompagnement")
    PageFactory(slug="brouillon", draft=True)

    assert client.get("/programme/accompagnement/").status_code == 200
    assert client.get("/programme/brouillon/").status_code == 404
    assert client.get("/programme/").status_code == 404  # no `programme` page yet


def test_english_page_falls_back_to_french(client):
    PageFactory(slug="programme", title="Le programme")

    french_only = client.get("/en/programme/")
    PageFactory(slug="programme", title="The programme", english=True)
    english = client.get("/en/programme/")

    assert "<h1>Le programme</h1>" in french_only.content.decode()
    assert "<h1>The programme</h1>" in english.content.decode()


def test_faq_groups_questions_by_audience_and_sanitises_answers(client):
    FaqItemFactory(
        question="Qui peut devenir EIG ?", answer="<p>Toute personne.</p><script>x</script>"
    )
    FaqItemFactory(audience=FaqAudience.ADMINISTRATIONS, question="Comment proposer un défi ?")

    response = client.get("/questions-frequentes/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Candidat·es" in html and "Administrations" in html
    assert "Qui peut devenir EIG ?" in html and "<p>Toute personne.</p>" in html
    assert "Comment proposer un défi ?" in html
    assert "<script" not in html[html.index("<main") : html.index("</main>")]


def test_faq_in_english_when_translated(client):
    FaqItemFactory(question="Qui peut devenir EIG ?")
    FaqItemFactory(english=True, question="Who can become an EIG?")

    french = client.get("/questions-frequentes/").content.decode()
    english = client.get("/en/questions-frequentes/").content.decode()

    assert "Qui peut devenir EIG ?" in french and "Who can become an EIG?" not in french
    assert "Who can become an EIG?" in english and "Qui peut devenir EIG ?" not in english


def test_press_review_groups_links_by_year_and_section(client, django_assert_max_num_queries):
    PressLinkFactory(year=2017, section="Du côté de la DINSIC", title="Le programme lancé")
    PressLinkFactory(year=2017, section="Ailleurs dans la presse", title="L’Etat recrute 27")
    PressLinkFactory(year=2018, section="Ailleurs dans la presse", title="Article 2018")
    PressLinkFactory(title="Retiré", is_published=False)

    with django_assert_max_num_queries(2):
        response = client.get("/revue-de-presse/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("2018") < html.index("2017")
    assert "Du côté de la DINSIC" in html and "Ailleurs dans la presse" in html
    assert "Le programme lancé" in html and "L’Etat recrute 27" in html
    assert "Retiré" not in html


def test_programme_page_states_the_current_call_dates_from_its_data(client):
    import datetime as dt

    from tests.factories import ApplicationCallFactory

    PageFactory(slug="programme", title="Le programme", body="Le programme.")
    from zoneinfo import ZoneInfo

    now = dt.datetime.now(dt.UTC)
    day = (now + dt.timedelta(days=40)).date()
    closes = dt.datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=ZoneInfo("Europe/Paris"))
    ApplicationCallFactory(
        title="Appel à candidatures – Promotion 9",
        opens_at=now - dt.timedelta(days=1),
        closes_at=closes,
    )

    html = client.get("/programme/").content.decode()

    assert "Appel à candidatures – Promotion 9" in html
    assert "L&#x27;appel est ouvert" in html or "L'appel est ouvert" in html
    assert "à 23 h 59 (heure de Paris)" in html
    assert 'href="/candidature/"' in html


def test_a_page_never_shows_its_import_notes(client):
    PageFactory(
        slug="programme", title="Le programme", legacy_path="/presentation.html", layout="page"
    )

    html = client.get("/programme/").content.decode()

    assert "Ancienne adresse" not in html
    assert "/presentation.html" not in html
    assert "gabarit d" not in html
