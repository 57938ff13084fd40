"""Outcomes of the défis, alumni profiles and the yearly report."""

import datetime

import pytest

from eig.accounts.models import Role
from eig.cohortlife.models import ChallengeOutcome, OutcomeLinkKind, OutcomeStatus
from tests.accounts.factories import make_user
from tests.factories import (
    ChallengeFactory,
    ChallengeMentorFactory,
    CohortFactory,
    FellowFactory,
    SkillFactory,
)
from tests.factories_cohort_life import (
    ChallengeOutcomeFactory,
    FellowAccountFactory,
    MentoringSessionFactory,
    OutcomeLinkFactory,
)

pytestmark = pytest.mark.django_db


def test_the_team_records_an_outcome_shown_on_the_defi_page(client):
    challenge = ChallengeFactory(title="DataJust")
    client.force_login(make_user(Role.STAFF))

    response = client.post(
        f"/gestion/defis/{challenge.pk}/suivi/",
        {
            "status": OutcomeStatus.IN_PRODUCTION,
            "summary": "Un **référentiel** des indemnisations.",
            "links": "Le service | https://datajust.exemple.gouv.fr\n\n",
            "repositories": "https://github.com/exemple/datajust",
            "is_published": "on",
        },
    )
    client.logout()
    page = client.get(challenge.get_absolute_url()).content.decode()

    assert response.status_code == 302
    outcome = ChallengeOutcome.objects.get(challenge=challenge)
    assert [(link.kind, link.title, link.url) for link in outcome.links.order_by("kind")] == [
        (OutcomeLinkKind.LINK, "Le service", "https://datajust.exemple.gouv.fr"),
        (
            OutcomeLinkKind.REPOSITORY,
            "https://github.com/exemple/datajust",
            "https://github.com/exemple/datajust",
        ),
    ]
    assert "Ce que le défi a donné" in page
    assert "En production" in page
    assert "<strong>référentiel</strong>" in page
    assert 'href="https://github.com/exemple/datajust"' in page


def test_a_bad_link_is_refused_with_its_line(client):
    challenge = ChallengeFactory()
    client.force_login(make_user(Role.STAFF))

    response = client.post(
        f"/gestion/defis/{challenge.pk}/suivi/",
        {"status": OutcomeStatus.STOPPED, "links": "https://ok.exemple.fr\nDépôt | ftp://x"},
    )

    assert response.status_code == 200
    assert "Ligne 2" in response.content.decode()
    assert not ChallengeOutcome.objects.exists()


def test_editing_replaces_the_links(client):
    outcome = ChallengeOutcomeFactory()
    OutcomeLinkFactory.create_batch(2, outcome=outcome)
    client.force_login(make_user(Role.STAFF))
    url = f"/gestion/defis/{outcome.challenge.pk}/suivi/"
    form = client.get(url).context["form"]
    assert form.initial["repositories"].count("https://github.com/exemple/") == 2

    client.post(url, {"status": OutcomeStatus.CONTINUED, "repositories": "https://gitlab.com/x/y"})

    outcome.refresh_from_db()
    assert outcome.status == OutcomeStatus.CONTINUED
    assert list(outcome.links.values_list("url", flat=True)) == ["https://gitlab.com/x/y"]
    assert outcome.is_published is False  # the box was left unticked


def test_an_unpublished_outcome_stays_off_the_defi_page(client):
    outcome = ChallengeOutcomeFactory(is_published=False, summary="Brouillon du bilan")

    page = client.get(outcome.challenge.get_absolute_url()).content.decode()

    assert "Brouillon du bilan" not in page
    assert "Ce que le défi a donné" not in page


def test_the_defi_page_query_count_does_not_grow_with_the_outcome_links(
    client, django_assert_max_num_queries
):
    challenge = ChallengeFactory(skills=[SkillFactory()])
    outcome = ChallengeOutcomeFactory(challenge=challenge)
    OutcomeLinkFactory(outcome=outcome)
    with django_assert_max_num_queries(12) as one:
        client.get(challenge.get_absolute_url())

    OutcomeLinkFactory.create_batch(5, outcome=outcome)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(challenge.get_absolute_url())
    assert response.content.decode().count("https://github.com/exemple/projet-") == 6


# Alumni --------------------------------------------------------------------------------


def test_alumni_are_public_fellows_of_ended_cohorts_with_their_next_steps(
    client, django_assert_max_num_queries
):
    ended = CohortFactory(ends_on=datetime.date(2019, 11, 15))
    running = CohortFactory(starts_on=datetime.date.today(), ends_on=None)
    FellowFactory(name="Ada Lovelace", cohorts=[ended], next_steps="Cheffe de produit à la DINUM.")
    FellowFactory(name="Alan Turing", cohorts=[ended])
    FellowFactory(name="Personne Privée", cohorts=[ended], private=True, next_steps="Secret")
    FellowFactory(name="Grace Hopper", cohorts=[running], next_steps="Pas encore")

    with django_assert_max_num_queries(6):
        response = client.get("/eig/anciens/")

    html = response.content.decode()
    names = [fellow.name for fellow in response.context["page_obj"]]
    assert names == ["Ada Lovelace", "Alan Turing"]  # those who told what they did next first
    assert "Cheffe de produit à la DINUM." in html
    assert "Secret" not in html and "Pas encore" not in html


def test_a_fellow_opts_in_and_says_what_they_did_next(client):
    cohort = CohortFactory(ends_on=datetime.date(2019, 11, 15))
    fellow = FellowFactory(name="Ada Lovelace", cohorts=[cohort], private=True)
    user = make_user(Role.FELLOW)
    FellowAccountFactory(fellow=fellow, user=user)
    client.force_login(user)
    assert "Ada Lovelace" not in client.get("/eig/anciens/").content.decode()

    client.post(
        "/espace/promotion/profil/",
        {"is_public": "on", "next_steps": "  Développeuse dans une start-up d'État.  "},
    )
    listed = client.get("/eig/anciens/").content.decode()
    client.post("/espace/promotion/profil/", {"next_steps": "Développeuse"})

    fellow.refresh_from_db()
    assert "Ada Lovelace" in listed and "start-up d'État" in listed
    assert fellow.is_public is False
    assert fellow.next_steps == "Développeuse"
    assert client.get(fellow.get_absolute_url()).status_code == 404


# The yearly report ---------------------------------------------------------------------------


def test_the_yearly_report_gathers_figures_defis_and_outcomes(
    client, django_assert_max_num_queries
):
    cohort = CohortFactory(name="Promotion 3", declared_fellows=32, declared_candidates=170)
    challenges = [ChallengeFactory(cohort=cohort, title=f"Défi {n}") for n in range(3)]
    for challenge in challenges:
        FellowFactory.create_batch(2, cohorts=[cohort], challenges=[challenge])
        ChallengeMentorFactory(challenge=challenge)
    OutcomeLinkFactory(
        outcome=ChallengeOutcomeFactory(challenge=challenges[0], summary="Livré et utilisé.")
    )
    ChallengeOutcomeFactory(challenge=challenges[1], status=OutcomeStatus.STOPPED)
    MentoringSessionFactory(cohort=cohort)
    client.force_login(make_user(Role.STAFF))

    with django_assert_max_num_queries(16):
        response = client.get(f"/gestion/promotions/{cohort.slug}/rapport/")

    html = response.content.decode()
    assert "Rapport annuel — Promotion 3" in html
    assert 'href="/static/eig/report.css"' in html
    assert "<td>170</td>" in html  # candidatures, published
    assert "<td>32</td><td>6</td>" in html  # EIG: published / counted
    for challenge in challenges:
        assert challenge.title in html
    assert "Livré et utilisé." in html
    assert "En production : 1" in html and "Arrêté : 1" in html
    assert "Non renseigné : 1" in html
