import datetime
import re

import pytest

from tests.factories import ChallengeFactory, CohortFactory, FellowFactory

pytestmark = pytest.mark.django_db


def test_cohort_list_shows_each_published_cohort_with_its_figures(
    client, django_assert_max_num_queries
):
    cohort = CohortFactory(name="Promotion 3", declared_fellows=32, declared_challenges=15)
    CohortFactory(name="Promotion cachée", unpublished=True)
    ChallengeFactory(cohort=cohort)

    with django_assert_max_num_queries(2):
        response = client.get("/promotions/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Promotion 3" in html
    assert "15 défis" in html and "32 EIG" in html
    assert "Promotion cachée" not in html


def test_cohort_detail_shows_figures_profile_mix_dates_and_challenges(
    client, django_assert_max_num_queries
):
    cohort = CohortFactory(
        name="Promotion 4",
        slug="eig-4",
        year=2020,
        starts_on=datetime.date(2020, 9, 1),
        ends_on=datetime.date(2021, 6, 30),
        declared_fellows=41,
        declared_challenges=17,
        declared_candidates=800,
        declared_designers=14,
        declared_developers=18,
        declared_data_scientists=9,
    )
    ChallengeFactory(title="ADEX", cohort=cohort)
    ChallengeFactory(title="Brouillon", cohort=cohort, draft=True)
    FellowFactory(cohorts=[cohort], profile="data_engineer")

    with django_assert_max_num_queries(6):
        response = client.get("/promotions/eig-4/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Promotion 4</h1>" in html
    assert "1er septembre 2020" in html and "30 juin 2021" in html
    mix = html[html.index('class="eig-profile-mix">') + len('class="eig-profile-mix">') :]
    mix = re.sub(r"<[^>]+>", "", mix[: mix.index("</p>")])
    assert " ".join(mix.split()) == "14 designers / 18 développeur·euses / 9 data scientists"
    assert "<td>41</td>" in html and "<td>17</td>" in html and "<td>800</td>" in html
    assert "ADEX" in html and "Brouillon" not in html


def test_profile_mix_is_counted_from_the_data_when_not_published(client):
    cohort = CohortFactory(slug="eig-2")
    FellowFactory.create_batch(2, cohorts=[cohort])
    FellowFactory(cohorts=[cohort], designer=True)

    html = client.get("/promotions/eig-2/").content.decode()

    assert "2 développeur·euses" in html
    assert "1 designer" in html


def test_unpublished_cohort_is_404(client):
    cohort = CohortFactory(unpublished=True)

    assert client.get(cohort.get_absolute_url()).status_code == 404


def test_fellow_list_shows_public_profiles_only_and_filters(client, django_assert_max_num_queries):
    cohort_2 = CohortFactory()
    cohort_3 = CohortFactory()
    FellowFactory(name="Alice Dev", cohorts=[cohort_2])
    FellowFactory(name="Bruno Design", cohorts=[cohort_3], designer=True)
    FellowFactory(name="Chloé Privée", cohorts=[cohort_2], private=True)

    with django_assert_max_num_queries(6):
        everyone = client.get("/eig/")
    by_cohort = client.get("/eig/", {"promotion": cohort_2.slug})
    by_profile = client.get("/eig/", {"profil": "designer"})

    def names(response):
        return {fellow.name for fellow in response.context["page_obj"].object_list}

    assert names(everyone) == {"Alice Dev", "Bruno Design"}
    assert names(by_cohort) == {"Alice Dev"}
    assert names(by_profile) == {"Bruno Design"}
    assert "Chloé Privée" not in everyone.content.decode()


def test_fellow_detail_shows_bio_links_challenges_and_cohorts(
    client, django_assert_max_num_queries
):
    cohort = CohortFactory(name="Promotion 2")
    challenge = ChallengeFactory(title="Archifiltre", cohort=cohort)
    fellow = FellowFactory(
        name="Adrien Signorino",
        slug="adrien-signorino",
        bio="Développeur **full-stack**.",
        github="adriensignorino",
        linkedin="https://www.linkedin.com/in/adrien",
        cohorts=[cohort],
        challenges=[challenge],
    )

    with django_assert_max_num_queries(5):
        response = client.get(fellow.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Adrien Signorino</h1>" in html
    assert "<strong>full-stack</strong>" in html
    assert 'href="https://github.com/adriensignorino"' in html
    assert 'href="https://www.linkedin.com/in/adrien"' in html
    assert "Archifiltre" in html and "Promotion 2" in html


def test_private_fellow_is_404(client):
    fellow = FellowFactory(private=True)

    assert client.get(fellow.get_absolute_url()).status_code == 404


def test_challenge_with_team_trait_builds_a_team(client):
    challenge = ChallengeFactory(with_team=True)

    assert challenge.fellows.count() == 2
    assert challenge.mentors.count() == 1
    assert set(challenge.fellows.values_list("cohorts", flat=True)) == {challenge.cohort_id}
