import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ApplicationCallFactory,
    ChallengeFactory,
    CohortFactory,
    EventFactory,
    FellowFactory,
    PostFactory,
    ProgrammeFactory,
    TestimonialFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_programme_call_news_events_figures_and_testimonials(
    client, django_assert_max_num_queries
):
    programme = ProgrammeFactory()
    cohort = CohortFactory(programme=programme)
    ApplicationCallFactory(
        cohort=cohort,
        title="Appel EIG 4",
        closes_at=timezone.now() + datetime.timedelta(days=12, hours=1),
    )
    ChallengeFactory.create_batch(3, cohort=cohort)
    ChallengeFactory(draft=True, cohort=cohort)
    FellowFactory.create_batch(4, cohorts=[cohort])
    for day in range(1, 5):
        PostFactory(
            title=f"Actualité du {day} mai",
            published_at=datetime.datetime(2020, 5, day, 10, tzinfo=datetime.UTC),
        )
    EventFactory(title="Webinaire à venir")
    EventFactory(title="Événement passé", past=True)
    TestimonialFactory(text="Je recommande le dispositif EIG.", author="Daniel Ansellem")

    with django_assert_max_num_queries(10):
        response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "4\u00a0000\u00a0€ nets par mois" in html
    assert "Appel EIG 4" in html and "L&#x27;appel est ouvert" in html
    assert "Plus que 12 jours pour candidater" in html
    assert "Actualité du 4 mai" in html and "Actualité du 2 mai" in html
    assert "Actualité du 1 mai" not in html  # only the latest three
    assert "Webinaire à venir" in html and "Événement passé" not in html
    figures = response.context["figures"]
    assert figures == {"cohorts": 1, "challenges": 3, "fellows": 4}
    assert "Je recommande le dispositif EIG." in html and "Daniel Ansellem" in html


def test_home_with_an_empty_database_answers(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Aucun appel à candidatures n" in html
    assert "est publié pour le moment." in html


def test_home_shows_a_closed_call_as_closed(client):
    ApplicationCallFactory(closed=True)

    html = client.get("/").content.decode()

    assert "L&#x27;appel est clos" in html


def test_every_public_page_has_one_h1_and_its_own_title(client):
    cohort = CohortFactory()
    challenge = ChallengeFactory(cohort=cohort, title="CartoBio")
    fellow = FellowFactory(name="Alice", cohorts=[cohort])
    post = PostFactory(title="Un communiqué")
    event = EventFactory(title="Un webinaire")
    from tests.factories import MentorFactory, PageFactory

    mentor = MentorFactory(name="Dominique")
    PageFactory(slug="programme", title="Le programme")
    urls = {
        "/": "Entrepreneurs d",
        "/programme/": "Le programme",
        "/questions-frequentes/": "Questions fréquentes",
        "/promotions/": "Promotions",
        cohort.get_absolute_url(): cohort.name,
        "/defis/": "Défis",
        challenge.get_absolute_url(): "CartoBio",
        mentor.get_absolute_url(): "Dominique",
        "/eig/": "Les EIG",
        fellow.get_absolute_url(): "Alice",
        "/actualites/": "Actualités",
        post.get_absolute_url(): "Un communiqué",
        "/revue-de-presse/": "Revue de presse",
        "/evenements/": "Événements",
        event.get_absolute_url(): "Un webinaire",
        "/candidature/": "Candidater",
    }
    for url, title in urls.items():
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert html.count("<h1") == 1, url
        head_title = html[html.index("<title>") : html.index("</title>")]
        assert title in head_title, url
        assert "<img" not in html or all("alt=" in tag for tag in html.split("<img")[1:]), url
