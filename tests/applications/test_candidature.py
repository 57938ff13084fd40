"""The candidature page in its three states, computed at request time."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import (
    ApplicationCallFactory,
    ChallengeFactory,
    CohortFactory,
    ProgrammeFactory,
    SelectionCriterionFactory,
)

pytestmark = pytest.mark.django_db

CRITERIA = [
    "Dynamisme, vision, esprit d’initiative",
    "Capacité à comprendre le défi",
    "Sens de l’intérêt général",
    "Capacité à s’intégrer dans l’environnement d’une administration",
    "Compétences « techniques »",
    "Disponibilité",
]


@pytest.fixture
def programme():
    programme = ProgrammeFactory()
    for position, title in enumerate(CRITERIA):
        SelectionCriterionFactory(programme=programme, position=position, title=title)
    return programme


def _text(response) -> str:
    html = response.content.decode()
    main = html[html.index('<main id="content"') : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_open_call_shows_its_exact_deadline_rules_and_challenges(
    client, programme, django_assert_max_num_queries
):
    cohort = CohortFactory(programme=programme, name="Promotion 3")
    closes_at = timezone.now() + datetime.timedelta(days=3, hours=5)
    ApplicationCallFactory(cohort=cohort, title="Appel EIG 3", closes_at=closes_at)
    ChallengeFactory(title="CartoBio", cohort=cohort)
    ChallengeFactory(title="D'une autre promotion")

    with django_assert_max_num_queries(6):
        response = client.get("/candidature/")

    text = _text(response)
    assert response.status_code == 200
    assert "L'appel est ouvert" in text or "L&#x27;appel est ouvert" in text
    assert "Clôture le" in text and "(heure de Paris)" in text
    assert "Plus que 3 jours pour candidater" in text
    for title in CRITERIA:
        assert title.replace("’", "’") in text.replace("&#x27;", "'"), title
    assert "4 000 € nets par mois" in text  # non-breaking spaces, squashed by _text
    assert "10 mois" in text
    assert "CartoBio" in text and "D'une autre promotion" not in text.replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("closes_at_utc", "written"),
    [
        # summer time (UTC+2) and winter time (UTC+1): always 23 h 59 in Paris
        (datetime.datetime(2099, 10, 15, 21, 59, tzinfo=datetime.UTC), "15 octobre 2099"),
        (datetime.datetime(2099, 1, 15, 22, 59, tzinfo=datetime.UTC), "15 janvier 2099"),
    ],
)
def test_deadline_is_written_exactly_in_paris_time(client, programme, closes_at_utc, written):
    ApplicationCallFactory(cohort=CohortFactory(programme=programme), closes_at=closes_at_utc)

    text = _text(client.get("/candidature/"))

    assert f"Clôture le {written} à 23 h 59 (heure de Paris)" in text


def test_upcoming_call_says_when_it_opens(client, programme):
    cohort = CohortFactory(programme=programme)
    ApplicationCallFactory(cohort=cohort, upcoming=True)

    text = _text(client.get("/candidature/"))

    assert "L'appel ouvrira bientôt" in text.replace("&#x27;", "'")
    assert "Ouverture le" in text and "Clôture le" in text
    assert "Plus que" not in text


def test_closed_call_says_it_is_closed(client, programme):
    cohort = CohortFactory(programme=programme)
    ApplicationCallFactory(cohort=cohort, closed=True)

    text = _text(client.get("/candidature/")).replace("&#x27;", "'")

    assert "L'appel est clos" in text
    assert "Clos depuis le" in text
    assert "Plus que" not in text


def test_open_call_wins_over_an_upcoming_and_a_closed_one(client, programme):
    ApplicationCallFactory(cohort=CohortFactory(programme=programme), closed=True, title="Ancien")
    ApplicationCallFactory(cohort=CohortFactory(programme=programme), title="Courant")
    ApplicationCallFactory(cohort=CohortFactory(programme=programme), upcoming=True, title="Futur")

    response = client.get("/candidature/")

    assert response.context["call"].title == "Courant"


def test_without_any_call_the_page_still_answers(client, programme):
    response = client.get("/candidature/")

    text = _text(response).replace("&#x27;", "'")
    assert response.status_code == 200
    assert "Aucun appel à candidatures n'est publié pour le moment." in text
    assert "Disponibilité" in text


def test_unpublished_call_is_not_shown(client, programme):
    ApplicationCallFactory(cohort=CohortFactory(programme=programme), is_published=False)

    response = client.get("/candidature/")

    assert response.context["call"] is None


def test_countdown_goes_down_to_hours_and_minutes():
    from eig.applications.selectors import countdown

    now = timezone.now()
    call = ApplicationCallFactory.build(closes_at=now + datetime.timedelta(hours=5, minutes=3))
    soon = ApplicationCallFactory.build(closes_at=now + datetime.timedelta(minutes=12))

    assert countdown(call, now) == "Plus que 5 heures pour candidater"
    assert countdown(soon, now) == "Plus que 12 minutes pour candidater"


def test_availability_comes_from_the_cohort_and_says_its_name_once(client):
    programme = ProgrammeFactory()
    SelectionCriterionFactory(
        programme=programme,
        code="availability",
        title="Disponibilité",
        description="Disponibilité à partir de janvier 2018 (texte d'une année passée).",
    )
    cohort = CohortFactory(programme=programme, starts_on=datetime.date(2027, 9, 1))
    ApplicationCallFactory(cohort=cohort, closes_at=timezone.now() + datetime.timedelta(days=9))

    response = client.get("/candidature/")

    text = _text(response)
    assert response.status_code == 200
    assert "Disponibilité — À partir de septembre 2027, pour une durée de 10 mois" in text
    assert "janvier 2018" not in text
    assert text.count("Disponibilité") == 1
