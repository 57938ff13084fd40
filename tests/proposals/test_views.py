import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.challenges.models import Funding
from eig.proposals.models import ChallengeCall, Proposal, ProposalState
from tests.accounts.factories import make_user
from tests.factories import CohortFactory
from tests.proposals.factories import (
    ChallengeCallFactory,
    ProposalFactory,
    ProposalReviewFactory,
)

pytestmark = pytest.mark.django_db
S = ProposalState
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def agent(client):
    user = make_user(Role.AGENT)
    client.force_login(user)
    return user


def _draft(agent, **kwargs):
    return ProposalFactory(
        organization=agent.role_grants.get().organization, author=agent, **kwargs
    )


def _step(proposal, step):
    return reverse("proposals:agent_step", kwargs={"pk": proposal.pk, "step": step})


# Agents ----------------------------------------------------------------------------


def test_an_agent_starts_a_proposal_from_the_list(client, agent):
    call = ChallengeCallFactory()
    organization = agent.role_grants.get().organization
    assert (
        "Commencer une proposition" in client.get(reverse("proposals:agent_list")).content.decode()
    )

    response = client.post(
        reverse("proposals:agent_create"), {"call": call.pk, "organization": organization.pk}
    )

    proposal = Proposal.objects.get()
    assert response["Location"] == _step(proposal, "presentation")


def test_a_step_saves_and_moves_on(client, agent):
    proposal = _draft(agent)
    response = client.post(
        _step(proposal, "presentation"),
        {
            "title": "Cartographier les parcelles bio",
            "pitch": "Une carte des parcelles en agriculture biologique",
            "organization": proposal.organization_id,
            "location": "Montreuil",
            "next": "1",
        },
    )
    assert response["Location"] == _step(proposal, "defi")
    proposal.refresh_from_db()
    assert (proposal.title, proposal.location) == ("Cartographier les parcelles bio", "Montreuil")


def test_an_invalid_step_keeps_what_was_typed_and_explains_in_french(client, agent):
    proposal = _draft(agent, title="Titre enregistré")
    response = client.post(
        _step(proposal, "presentation"),
        {"title": "Titre tapé mais pas enregistré", "pitch": "", "location": "Lyon"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Titre tapé mais pas enregistré"' in html
    assert 'value="Lyon"' in html
    assert "Ce champ est obligatoire." in html
    assert "fr-input-group--error" in html
    proposal.refresh_from_db()
    assert proposal.title == "Titre enregistré"


def _mentors(*rows):
    data = {
        "mentors-TOTAL_FORMS": str(len(rows)),
        "mentors-INITIAL_FORMS": "0",
        "mentors-MIN_NUM_FORMS": "0",
        "mentors-MAX_NUM_FORMS": "10",
    }
    for n, (kind, name, email) in enumerate(rows):
        data.update(
            {
                f"mentors-{n}-kind": kind,
                f"mentors-{n}-name": name,
                f"mentors-{n}-position_title": "Directeur" if name else "",
                f"mentors-{n}-email": email,
            }
        )
    return data


def test_mentors_are_saved_and_blank_frames_ignored(client, agent):
    proposal = _draft(agent)
    response = client.post(
        _step(proposal, "mentors"),
        _mentors(
            ("operational", "Anne Opé", "anne@agri.gouv.fr"),
            ("strategic", "Bruno Stra", "bruno@agri.gouv.fr"),
            ("", "", ""),
            ("strategic", "", ""),  # a spare frame with its preset role
        ),
    )
    assert response.status_code == 302
    assert list(proposal.mentors.values_list("kind", "name")) == [
        ("operational", "Anne Opé"),
        ("strategic", "Bruno Stra"),
    ]


def test_both_kinds_of_mentor_are_required(client, agent):
    proposal = _draft(agent)
    response = client.post(
        _step(proposal, "mentors"),
        _mentors(("operational", "Anne Opé", "pas-une-adresse"), ("", "", "")),
    )
    html = response.content.decode()
    assert "Saisissez une adresse de courriel valide." in html
    assert 'value="Anne Opé"' in html
    response = client.post(
        _step(proposal, "mentors"), _mentors(("operational", "Anne Opé", "anne@agri.gouv.fr"))
    )
    assert "Nommez au moins un mentor stratégique." in response.content.decode()
    assert not proposal.mentors.exists()


def test_the_team_has_two_or_three_people(client, agent):
    proposal = _draft(agent)
    response = client.post(
        _step(proposal, "equipe"),
        {"developers": "3", "designers": "1", "data_scientists": "0"},
    )
    assert "de 2 à 3 EIG en tout : vous en demandez 4" in response.content.decode()
    response = client.post(
        _step(proposal, "equipe"),
        {"developers": "1", "designers": "1", "data_scientists": "1", "cofunding_commitment": "on"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.team_size, proposal.cofunding_commitment) == (3, True)


def test_unknown_step_is_not_found(client, agent):
    assert client.get(_step(_draft(agent), "nimporte")).status_code == 404


def test_the_summary_lists_what_is_missing_then_submits(client, agent, outbox):
    proposal = _draft(agent)
    detail = reverse("proposals:agent_detail", kwargs={"pk": proposal.pk})
    html = client.get(detail).content.decode()
    assert "Indiquez le contexte." in html
    assert reverse("proposals:agent_submit", kwargs={"pk": proposal.pk}) not in html

    complete = _draft(agent, complete=True)
    with outbox.capture():
        response = client.post(reverse("proposals:agent_submit", kwargs={"pk": complete.pk}))
    complete.refresh_from_db()
    assert complete.state == S.SUBMITTED
    assert "est déposée" in client.get(response["Location"]).content.decode()


def test_after_the_deadline_edits_and_submission_are_refused_and_the_draft_kept(client, agent):
    proposal = _draft(agent, complete=True, call=ChallengeCallFactory(closed=True))
    before = Proposal.objects.filter(pk=proposal.pk).values().get()

    page = client.get(_step(proposal, "presentation")).content.decode()
    assert "est clos depuis le" in page
    response = client.post(
        _step(proposal, "presentation"),
        {
            "title": "Nouveau titre tapé",
            "pitch": "x",
            "organization": proposal.organization_id,
            "location": "Lyon",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "est clos depuis le" in html and "Votre brouillon est conservé" in html
    assert 'value="Nouveau titre tapé"' in html  # what was typed is still on screen

    response = client.post(reverse("proposals:agent_submit", kwargs={"pk": proposal.pk}))
    follow = client.get(response["Location"]).content.decode()
    assert "est clos depuis le" in follow
    assert Proposal.objects.filter(pk=proposal.pk).values().get() == before


def test_the_deadline_shown_is_in_paris_time_to_the_second(client, agent):
    closes = datetime(2018, 7, 15, 23, 59, 59, tzinfo=PARIS)
    call = ChallengeCallFactory(opens_at=closes - timedelta(days=60), closes_at=closes)
    html = client.get(reverse("proposals:call_public")).content.decode()
    assert call.title in html
    assert "15 juillet 2018 à 23 h 59 min 59 s" in html


# Jury ----------------------------------------------------------------------------------


@pytest.fixture
def juror(client):
    user = make_user(Role.JURY)
    client.force_login(user)
    return user


def test_a_juror_scores_on_the_grid(client, juror):
    review = ProposalReviewFactory(reviewer=juror, proposal__state=S.UNDER_REVIEW)
    url = reverse("proposals:jury_review", kwargs={"pk": review.proposal_id})
    assert "Impact pour l&#x27;intérêt général" in client.get(url).content.decode()

    response = client.post(url, {"impact": "5", "feasibility": "4", "comment": "Prometteur"})

    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.score_impact, review.score_feasibility, review.score_data) == (5, 4, None)
    assert review.comment == "Prometteur"
    response = client.post(url, {"impact": "9"})
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.score_impact == 5


def test_a_juror_declares_a_conflict_then_loses_access(client, juror):
    review = ProposalReviewFactory(reviewer=juror, proposal__state=S.UNDER_REVIEW)
    conflict = reverse("proposals:jury_conflict", kwargs={"pk": review.proposal_id})
    page = client.get(conflict).content.decode()
    assert review.proposal.problem not in page or not review.proposal.problem

    response = client.post(conflict, {"comment": "J'y ai travaillé"})

    assert response["Location"] == reverse("proposals:jury_list")
    review_url = reverse("proposals:jury_review", kwargs={"pk": review.proposal_id})
    assert client.get(review_url).status_code == 404
    assert client.post(review_url, {"impact": "5"}).status_code == 404
    assert "déclaré le" in client.get(reverse("proposals:jury_list")).content.decode()


# Staff ---------------------------------------------------------------------------------


@pytest.fixture
def staff(client):
    user = make_user(Role.STAFF)
    client.force_login(user)
    return user


def test_staff_open_a_call_in_paris_time(client, staff):
    cohort = CohortFactory()
    response = client.post(
        reverse("proposals:staff_call_create"),
        {
            "cohort": cohort.pk,
            "title": "Appel à projets 2018",
            "opens_at": "2018-05-02T09:00:00",
            "closes_at": "2018-07-15T23:59:59",
            "meeting_starts_at": "2018-05-15T14:00",
            "meeting_location": "Paris",
        },
    )
    call = ChallengeCall.objects.get()
    assert response["Location"] == reverse("proposals:staff_call", kwargs={"pk": call.pk})
    assert call.closes_at == datetime(2018, 7, 15, 21, 59, 59, tzinfo=UTC)
    assert call.information_event.starts_at == datetime(2018, 5, 15, 12, 0, tzinfo=UTC)


def test_a_time_that_does_not_exist_in_paris_is_refused(client, staff):
    response = client.post(
        reverse("proposals:staff_call_create"),
        {
            "cohort": CohortFactory().pk,
            "title": "Appel",
            "opens_at": "2024-03-01T09:00:00",
            "closes_at": "2024-03-31T02:30:00",  # clocks jump from 2:00 to 3:00
        },
    )
    assert response.status_code == 200
    assert not ChallengeCall.objects.exists()


def test_staff_edit_the_call_and_the_deadline_moves(client, staff):
    call = ChallengeCallFactory()
    response = client.post(
        reverse("proposals:staff_call_edit", kwargs={"pk": call.pk}),
        {
            "title": call.title,
            "opens_at": "2018-05-02T09:00:00",
            "closes_at": "2018-07-16T12:00:00",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert timezone.localtime(call.closes_at).hour == 12


def test_staff_decide_validate_and_publish(client, staff):
    proposal = ProposalFactory(complete=True, state=S.UNDER_REVIEW)
    url = reverse("proposals:staff_proposal_transition", kwargs={"pk": proposal.pk})
    page = client.get(reverse("proposals:staff_proposal", kwargs={"pk": proposal.pk}))
    assert "Sélectionner (cofinancé à 70 %)" in page.content.decode()

    for target in (S.SELECTED, S.VALIDATED, S.PUBLISHED):
        client.post(url, {"to": target, "comment": "Comité du 10 juillet"})

    proposal.refresh_from_db()
    assert proposal.state == S.PUBLISHED
    assert proposal.challenge.is_published
    assert client.post(url, {"to": "n-importe-quoi"}).status_code == 404


def test_a_refused_transition_says_why(client, staff):
    proposal = ProposalFactory(complete=True, state=S.DRAFT)
    url = reverse("proposals:staff_proposal_transition", kwargs={"pk": proposal.pk})
    response = client.post(url, {"to": S.PUBLISHED}, follow=True)
    assert "ne peut pas passer à" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT


def test_staff_see_scores_side_by_side(client, staff):
    proposal = ProposalFactory(complete=True, state=S.UNDER_REVIEW)
    ProposalReviewFactory(proposal=proposal, scored=True, reviewer=make_user(Role.JURY))
    ProposalReviewFactory(
        proposal=proposal,
        reviewer=make_user(Role.JURY),
        score_impact=2,
        score_feasibility=3,
        score_data=1,
        score_commitment=2,
    )
    ProposalReviewFactory(proposal=proposal, conflict=True, reviewer=make_user(Role.JURY))

    html = client.get(reverse("proposals:staff_proposal", kwargs={"pk": proposal.pk})).content
    html = html.decode()
    # grids: (4+3+5+4)/4 = 4,00 and (2+3+1+2)/4 = 2,00; mean 3,00; impact (4+2)/2 = 3,00
    assert "<td>4,00</td>" in html and "<td>2,00</td>" in html
    assert "<strong>3,00</strong>" in html
    assert "Conflits d'intérêts déclarés" in html


def test_staff_assign_jury_members(client, staff):
    proposal = ProposalFactory(complete=True, state=S.SUBMITTED)
    member = make_user(Role.JURY)
    client.post(
        reverse("proposals:staff_proposal_assign", kwargs={"pk": proposal.pk}),
        {"reviewers": [member.pk]},
    )
    assert proposal.reviews.get().reviewer == member


def _decided_call():
    call = ChallengeCallFactory(closed=True)
    ProposalFactory(
        call=call, complete=True, state=S.VALIDATED, funding=Funding.COFUNDED, title="Alpha"
    )  # 3 EIG
    ProposalFactory(
        call=call,
        complete=True,
        state=S.REMARKED,
        funding=Funding.REMARKED,
        title="Bêta",
        developers=1,
        data_scientists=1,
    )  # 2 EIG
    ProposalFactory(call=call, complete=True, state=S.NOT_SELECTED, title="Gamma")
    return call


def test_the_dashboard_totals_the_budget_per_cohort(client, staff):
    call = _decided_call()
    html = client.get(reverse("gestion:home")).content.decode()
    # Alpha 216 000 (fund 151 200) + Bêta 144 000 (fund 0) = 360 000; fund 151 200
    assert call.cohort.name in html
    assert "360\xa0000,00" in html or "360 000,00" in html
    assert "151\xa0200,00" in html or "151 200,00" in html
    assert "208\xa0800,00" in html or "208 800,00" in html


def test_the_budget_export_is_a_csv_of_every_proposal(client, staff):
    call = _decided_call()
    response = client.get(reverse("proposals:staff_call_csv", kwargs={"pk": call.pk}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_title = {row["proposition"]: row for row in rows}
    assert by_title["Alpha"]["cout_total"] == "216000.00"
    assert by_title["Alpha"]["part_fonds"] == "151200.00"
    assert by_title["Bêta"]["part_fonds"] == "0.00"
    assert by_title["Bêta"]["part_administration"] == "144000.00"
    assert len(rows) == 3


def test_the_call_dashboard_counts_and_filters_by_state(client, staff):
    call = _decided_call()
    url = reverse("proposals:staff_call", kwargs={"pk": call.pk})
    html = client.get(url).content.decode()
    assert "Alpha" in html and "Gamma" in html
    html = client.get(url + "?etat=not_selected").content.decode()
    assert "Gamma" in html and "Alpha" not in html


# Bounded queries ----------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 8])
def test_staff_pages_run_a_bounded_number_of_queries(client, staff, bounded_get, n):
    call = ChallengeCallFactory()
    for _ in range(n):
        proposal = ProposalFactory(call=call, complete=True, state=S.UNDER_REVIEW)
        ProposalReviewFactory(proposal=proposal, scored=True)
    bounded_get(client, reverse("gestion:home"), queries=12, contains=call.title)
    bounded_get(
        client,
        reverse("proposals:staff_call", kwargs={"pk": call.pk}),
        queries=12,
        contains=proposal.title,
    )
    bounded_get(
        client,
        reverse("proposals:staff_proposal", kwargs={"pk": proposal.pk}),
        queries=16,
        contains=proposal.title,
    )


@pytest.mark.parametrize("n", [1, 8])
def test_agent_and_jury_pages_run_a_bounded_number_of_queries(client, bounded_get, n):
    person = make_user(Role.AGENT)
    from eig.accounts.services import role_grant

    role_grant(user=person, role=Role.JURY)
    client.force_login(person)
    organization = person.role_grants.get(role=Role.AGENT).organization
    for _ in range(n):
        own = ProposalFactory(organization=organization, complete=True)
        review = ProposalReviewFactory(reviewer=person, proposal__state=S.UNDER_REVIEW)
    bounded_get(client, reverse("proposals:agent_list"), queries=12, contains=own.title)
    bounded_get(client, reverse("proposals:jury_list"), queries=12, contains=review.proposal.title)
    bounded_get(client, reverse("espace:home"), queries=12, contains="<h1")


def test_the_public_page_without_any_call(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("proposals:call_public"))
    assert "Aucun appel à projets n'est publié" in response.content.decode()


def test_the_public_page_shows_the_open_call_before_older_ones(client):
    ChallengeCallFactory(closed=True, title="Appel 2017")
    ChallengeCallFactory(title="Appel 2018")
    html = client.get(reverse("proposals:call_public")).content.decode()
    assert "Appel 2018" in html and "Appel 2017" not in html
