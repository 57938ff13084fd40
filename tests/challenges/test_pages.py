import pytest
from django.urls import reverse

from eig.challenges.models import MentorKind
from tests.factories import (
    ChallengeFactory,
    ChallengeKeyFigureFactory,
    ChallengeMentorFactory,
    ChallengeProjectFactory,
    CohortFactory,
    EventFactory,
    FellowFactory,
    MentorFactory,
    OrganizationFactory,
    SkillFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_catalogue_lists_published_challenges_only(client):
    ChallengeFactory(title="CartoBio", pitch="Faciliter les démarches de l'agriculture bio")
    ChallengeFactory(title="Brouillon secret", draft=True)

    response = client.get("/defis/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "CartoBio" in html
    assert "Faciliter les démarches" in html
    assert "Brouillon secret" not in html
    assert "1 défi" in html


def test_challenge_detail_shows_everything_about_the_challenge(client):
    ministry = OrganizationFactory(ministry=True, name="Ministère de l'Agriculture")
    host = OrganizationFactory(name="Agence BIO", parent=ministry, website="https://agencebio.org")
    challenge = ChallengeFactory(
        title="CartoBio",
        slug="cartobio",
        cohort=CohortFactory(number=3, year=2019),
        pitch="Faciliter les démarches des acteurs de l'agriculture biologique",
        body="## Contexte\n\nLes **données** de la bio.",
        organization=host,
        town="Montreuil (93100)",
        source_code=["https://github.com/betagouv/cartobio"],
        videos=[{"kind": "présentation", "url": "https://www.dailymotion.com/video/x1"}],
        skills=[SkillFactory(), SkillFactory(design=True)],
        themes=[ThemeFactory(name="Agriculture")],
    )
    FellowFactory(name="Alice Public", challenges=[challenge])
    FellowFactory(name="Bob Privé", challenges=[challenge], private=True)
    ChallengeMentorFactory(
        challenge=challenge, mentor=MentorFactory(name="Mentor Opé"), kind=MentorKind.OPERATIONAL
    )
    ChallengeMentorFactory(
        challenge=challenge, mentor=MentorFactory(name="Mentor Strat"), kind=MentorKind.STRATEGIC
    )
    ChallengeKeyFigureFactory(challenge=challenge, amount=20000000, description="déclarations")
    ChallengeProjectFactory(challenge=challenge, title="Carte des parcelles")
    EventFactory(title="Webinaire agriculture", challenges=[challenge])

    response = client.get("/defis/2019/cartobio/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>CartoBio</h1>" in html
    for expected in [
        "Faciliter les démarches des acteurs",
        "<strong>données</strong>",
        "Agence BIO",
        "Ministère de l&#x27;Agriculture",
        "Montreuil (93100)",
        "Développement",
        "Design",
        "Agriculture",
        "Alice Public",
        "Mentors opérationnels",
        "Mentor Opé",
        "Mentors stratégiques",
        "Mentor Strat",
        "20\u00a0000\u00a0000",
        "Carte des parcelles",
        "https://github.com/betagouv/cartobio",
        "https://www.dailymotion.com/video/x1",
        "Webinaire agriculture",
    ]:
        assert expected in html, expected
    assert "Bob Privé" not in html
    assert html.count("<h1") == 1


def test_unpublished_or_unknown_challenge_is_404(client):
    draft = ChallengeFactory(draft=True)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/defis/2019/nothing-here/").status_code == 404


def test_mentor_page_lists_the_challenges_mentored(client):
    mentor = MentorFactory(name="Adnène Trojette", position_title="Cour des comptes")
    ChallengeMentorFactory(mentor=mentor, challenge=ChallengeFactory(title="Plume"))

    response = client.get(reverse("challenges:mentor_detail", kwargs={"slug": mentor.slug}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Adnène Trojette" in html
    assert "Plume" in html


def test_private_mentor_is_404(client):
    mentor = MentorFactory(private=True)

    response = client.get(reverse("challenges:mentor_detail", kwargs={"slug": mentor.slug}))

    assert response.status_code == 404


def test_challenge_and_mentor_pages_query_counts_do_not_depend_on_the_team_size(
    client, bounded_get
):
    challenge = ChallengeFactory(skills=[SkillFactory(), SkillFactory(design=True)])
    FellowFactory.create_batch(6, challenges=[challenge])
    mentors = [ChallengeMentorFactory(challenge=challenge).mentor for _ in range(5)]
    for mentor in mentors:
        ChallengeMentorFactory(mentor=mentor)
    ChallengeKeyFigureFactory.create_batch(3, challenge=challenge)
    ChallengeProjectFactory.create_batch(3, challenge=challenge)
    EventFactory.create_batch(3, challenges=[challenge])

    bounded_get(client, challenge.get_absolute_url(), queries=9, contains=challenge.title)
    bounded_get(client, mentors[0].get_absolute_url(), queries=2, contains=mentors[0].name)


def test_a_defi_become_a_startup_d_etat_says_so_with_its_link(client):
    challenge = ChallengeFactory(
        body="",
        is_startup_detat=True,
        startup_detat_url="https://beta.gouv.fr/startups/1-eleve-1-stage.html",
    )
    plain = ChallengeFactory(body="Le texte du défi.")

    response = client.get(challenge.get_absolute_url())
    other = client.get(plain.get_absolute_url())

    assert response.status_code == other.status_code == 200
    html = response.content.decode()
    assert "Startup d&#x27;État" in html or "Startup d'État" in html
    assert 'href="https://beta.gouv.fr/startups/1-eleve-1-stage.html"' in html
    # no empty column where a défi without a text would have it
    assert '<div class="fr-col-12 fr-col-md-8">' not in html
    other_html = other.content.decode()
    assert '<div class="fr-col-12 fr-col-md-8">' in other_html and "Le texte du défi." in other_html
