import re

import pytest

from eig.cohorts.models import Profile
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    OrganizationFactory,
    SkillFactory,
    ThemeFactory,
    bulk_challenges,
)

pytestmark = pytest.mark.django_db


def _titles(response) -> set[str]:
    return {challenge.title for challenge in response.context["page_obj"].object_list}


@pytest.mark.parametrize("query", ["securite", "SÉCURITÉ", "Sécurité", "sécu maritime"])
def test_search_ignores_accents_and_case(client, query):
    ChallengeFactory(title="CibNav", pitch="Contrôler la sécurité maritime des navires")
    ChallengeFactory(title="DataJust", pitch="Indemniser les préjudices corporels")

    response = client.get("/defis/", {"q": query})

    assert response.status_code == 200
    assert _titles(response) == {"CibNav"}


def test_search_needs_every_word(client):
    ChallengeFactory(title="IA Flash", pitch="Fiabiliser le traitement des infractions routières")
    ChallengeFactory(title="Prévisecours", pitch="Prévoir les interventions des pompiers")

    response = client.get("/defis/", {"q": "routieres pompiers"})

    assert _titles(response) == set()


def test_filter_by_cohort(client):
    cohort_3 = CohortFactory(number=3, year=2019)
    ChallengeFactory(title="CartoBio", cohort=cohort_3)
    ChallengeFactory(title="ADEX", cohort=CohortFactory(number=4, year=2020))

    response = client.get("/defis/", {"promotion": cohort_3.slug})

    assert _titles(response) == {"CartoBio"}


def test_filter_by_theme(client):
    health = ThemeFactory(name="Santé", slug="sante")
    ChallengeFactory(title="Open Chronic", themes=[health])
    ChallengeFactory(title="Plume", themes=[ThemeFactory(name="Justice", slug="justice")])

    response = client.get("/defis/", {"theme": "sante"})

    assert _titles(response) == {"Open Chronic"}


def test_filter_by_administration_includes_the_ministry_directorates(client):
    ministry = OrganizationFactory(ministry=True)
    directorate = OrganizationFactory(parent=ministry)
    ChallengeFactory(title="Under the ministry", organization=directorate)
    ChallengeFactory(title="At the ministry", organization=ministry)
    ChallengeFactory(title="Elsewhere")

    by_ministry = client.get("/defis/", {"administration": ministry.slug})
    by_directorate = client.get("/defis/", {"administration": directorate.slug})

    assert _titles(by_ministry) == {"Under the ministry", "At the ministry"}
    assert _titles(by_directorate) == {"Under the ministry"}
    assert ministry.name in by_ministry.content.decode()  # offered in the select


def test_filter_by_profile_through_the_skills(client):
    ChallengeFactory(title="Design only", skills=[SkillFactory(design=True)])
    ChallengeFactory(title="Dev and data", skills=[SkillFactory(), SkillFactory(datascience=True)])

    designers = client.get("/defis/", {"profil": Profile.DESIGNER})
    data = client.get("/defis/", {"profil": Profile.DATA_SCIENTIST})

    assert _titles(designers) == {"Design only"}
    assert _titles(data) == {"Dev and data"}


def test_filters_combine_and_a_bad_value_is_ignored(client):
    cohort = CohortFactory()
    ChallengeFactory(title="Sécurité A", cohort=cohort)
    ChallengeFactory(title="Sécurité B")

    combined = client.get("/defis/", {"q": "securite", "promotion": cohort.slug})
    bad = client.get("/defis/", {"q": "securite", "promotion": "does-not-exist"})

    assert _titles(combined) == {"Sécurité A"}
    assert bad.status_code == 200
    assert _titles(bad) == {"Sécurité A", "Sécurité B"}


def test_form_is_labelled_and_uses_dsfr_classes(client):
    response = client.get("/defis/")

    html = response.content.decode()
    for name in ["q", "promotion", "theme", "administration", "profil"]:
        assert re.search(rf'<label for="id_{name}" class="fr-label">', html), name
    assert 'class="fr-select"' in html
    assert 'class="fr-input"' in html


def test_pagination_keeps_the_filters(client):
    cohort = CohortFactory()
    ChallengeFactory.create_batch(30, cohort=cohort, pitch="Sécurité des données")

    response = client.get("/defis/", {"q": "securite", "promotion": cohort.slug})

    html = response.content.decode()
    assert len(response.context["page_obj"].object_list) == 24
    assert f"q=securite&amp;promotion={cohort.slug}&amp;page=2" in html
    page_2 = client.get("/defis/", {"q": "securite", "promotion": cohort.slug, "page": 2})
    assert len(page_2.context["page_obj"].object_list) == 6


def test_catalogue_query_count_is_bounded(client, bounded_get):
    bulk_challenges(10)

    bounded_get(
        client,
        "/defis/",
        data={"q": "securite", "profil": Profile.DESIGNER},
        queries=10,
        contains="<h1",
    )


def test_past_150_administrations_the_filter_is_a_search_field(client, settings):
    """A programme many times the real one: the page does not list thousands
    of administrations; their name or acronym is typed instead."""
    from eig.challenges import forms

    ministry = OrganizationFactory(ministry=True, name="Ministère de la Mer", acronym="MMER")
    directorate = OrganizationFactory(parent=ministry, name="Direction des affaires maritimes")
    ChallengeFactory(title="Au ministère", organization=ministry)
    ChallengeFactory(title="À la direction", organization=directorate)
    for number in range(forms.MAX_ADMINISTRATION_CHOICES):
        ChallengeFactory(
            title=f"Ailleurs {number}", organization=OrganizationFactory(name=f"Agence {number}")
        )

    listing = client.get("/defis/")
    by_words = client.get("/defis/", {"administration": "ministere mer"})
    by_acronym = client.get("/defis/", {"administration": "mmer"})
    by_link = client.get("/defis/", {"administration": directorate.slug})

    html = listing.content.decode()
    assert listing.status_code == 200 and "<h1>Les défis</h1>" in html
    assert '<input type="search" name="administration"' in html
    assert '<select name="administration"' not in html and "Agence 12</option>" not in html
    assert _titles(by_words) == {"Au ministère", "À la direction"}
    assert _titles(by_acronym) == {"Au ministère", "À la direction"}
    assert _titles(by_link) == {"À la direction"}
    assert 'value="ministere mer"' in by_words.content.decode()  # what was typed stays
