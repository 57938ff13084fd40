"""Mentoring sessions and gatherings: attendance taken by the team, histories."""

import datetime

import pytest
from django.utils import timezone

from eig.accounts.models import Role
from eig.challenges.models import MentorKind
from eig.cohortlife import selectors
from eig.cohortlife.models import Attendance
from eig.events.models import Event, EventKind
from tests.accounts.factories import make_user
from tests.factories import (
    ChallengeFactory,
    ChallengeMentorFactory,
    CohortFactory,
    FellowFactory,
)
from tests.factories_cohort_life import AttendanceFactory, MentoringSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    cohort = CohortFactory()
    challenge = ChallengeFactory(cohort=cohort, title="Sécurité des détenus")
    fellows = [
        FellowFactory(name=name, cohorts=[cohort], challenges=[challenge])
        for name in ("Ada Lovelace", "Grace Hopper")
    ]
    operational = ChallengeMentorFactory(challenge=challenge, kind=MentorKind.OPERATIONAL)
    strategic = ChallengeMentorFactory(challenge=challenge, kind=MentorKind.STRATEGIC)
    other_team = FellowFactory(cohorts=[cohort], challenges=[ChallengeFactory(cohort=cohort)])
    return {
        "cohort": cohort,
        "challenge": challenge,
        "fellows": fellows,
        "mentors": [operational.mentor, strategic.mentor],
        "other": other_team,
    }


def test_the_team_creates_a_session_then_takes_attendance(client, team):
    staff = make_user(Role.STAFF)
    client.force_login(staff)
    starts = timezone.localtime() + datetime.timedelta(days=3)

    created = client.post(
        "/gestion/evenements/nouveau/",
        {
            "title": "Session de mentoring n° 1",
            "kind": EventKind.MENTORING,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "cohort": team["cohort"].pk,
            "challenges": [team["challenge"].pk],
        },
    )
    session = Event.objects.get(title="Session de mentoring n° 1")
    page = client.get(f"/gestion/evenements/{session.pk}/presences/")
    ada, grace = team["fellows"]
    operational, strategic = team["mentors"]
    saved = client.post(
        f"/gestion/evenements/{session.pk}/presences/",
        {"fellows": [ada.pk], "mentors": [operational.pk]},
    )

    assert created.status_code == 302
    assert session.slug.startswith("session-de-mentoring-n-1-")
    html = page.content.decode()
    assert "Ada Lovelace" in html and "Grace Hopper" in html
    assert operational.name in html and strategic.name in html
    assert team["other"].name not in html
    assert saved.status_code == 302
    noted = {
        (a.fellow_id or a.mentor_id, a.present) for a in Attendance.objects.filter(event=session)
    }
    assert noted == {
        (ada.pk, True),
        (grace.pk, False),
        (operational.pk, True),
        (strategic.pk, False),
    }
    assert Attendance.objects.get(event=session, fellow=ada).noted_by == staff


def test_attendance_can_be_corrected(client, team):
    client.force_login(make_user(Role.STAFF))
    session = MentoringSessionFactory(cohort=team["cohort"])
    session.challenges.add(team["challenge"])
    ada, grace = team["fellows"]
    url = f"/gestion/evenements/{session.pk}/presences/"
    client.post(url, {"fellows": [ada.pk]})

    client.post(url, {"fellows": [grace.pk]})
    again = client.get(url)

    fellows = Attendance.objects.filter(event=session, fellow__isnull=False)
    assert dict(fellows.values_list("fellow__name", "present")) == {
        "Ada Lovelace": False,
        "Grace Hopper": True,
    }
    assert Attendance.objects.filter(event=session).count() == 4  # and the two mentors
    assert again.context["form"].initial["fellows"] == [str(grace.pk)]


def test_a_gathering_expects_the_whole_cohort(team):
    gathering = MentoringSessionFactory(kind=EventKind.GATHERING, cohort=team["cohort"])

    fellows, mentors = selectors.expected_people(gathering)

    assert {f.name for f in fellows} == {"Ada Lovelace", "Grace Hopper", team["other"].name}
    assert mentors == []


def test_a_fellow_and_a_defi_have_their_history_of_sessions(client, team):
    ada, grace = team["fellows"]
    session = MentoringSessionFactory(cohort=team["cohort"], title="Point d'étape")
    session.challenges.add(team["challenge"])
    gathering = MentoringSessionFactory(
        kind=EventKind.GATHERING, cohort=team["cohort"], title="Séminaire de la promotion"
    )
    other_cohort_gathering = MentoringSessionFactory(kind=EventKind.GATHERING)
    AttendanceFactory(event=session, fellow=ada, present=True)
    AttendanceFactory(event=session, fellow=grace, present=False)

    ada_sessions = {e.title: e.attended for e in selectors.fellow_sessions(ada)}
    other_sessions = {e.title for e in selectors.fellow_sessions(team["other"])}
    defi = list(selectors.challenge_sessions(team["challenge"]))

    assert ada_sessions == {"Point d'étape": True, "Séminaire de la promotion": None}
    assert other_sessions == {"Séminaire de la promotion"}
    assert other_cohort_gathering.title not in ada_sessions
    assert [(e.title, e.present_count, e.noted_count) for e in defi] == [("Point d'étape", 1, 2)]
    client.force_login(make_user(Role.STAFF))
    page = client.get(f"/gestion/defis/{team['challenge'].pk}/suivi/").content.decode()
    assert "1 présent·es sur 2" in page
    assert gathering.title not in page


def test_the_defi_follow_up_shows_its_operational_and_strategic_mentors(client, team):
    client.force_login(make_user(Role.STAFF))

    html = client.get(f"/gestion/defis/{team['challenge'].pk}/suivi/").content.decode()

    operational, strategic = team["mentors"]
    assert html.index("Mentors opérationnels") < html.index(operational.name)
    assert html.index("Mentors stratégiques") < html.index(strategic.name)
    assert html.index(operational.name) < html.index("Mentors stratégiques")


def test_attendance_and_history_pages_run_bounded_queries(client, team, bounded_get):
    client.force_login(make_user(Role.STAFF))
    session = MentoringSessionFactory(cohort=team["cohort"])
    session.challenges.add(team["challenge"])
    for _ in range(6):
        FellowFactory(cohorts=[team["cohort"]], challenges=[team["challenge"]])
        ChallengeMentorFactory(challenge=team["challenge"])
    for _ in range(5):
        MentoringSessionFactory(cohort=team["cohort"]).challenges.add(team["challenge"])

    bounded_get(
        client, f"/gestion/evenements/{session.pk}/presences/", queries=10, contains=session.title
    )
    bounded_get(
        client,
        f"/gestion/defis/{team['challenge'].pk}/suivi/",
        queries=10,
        contains=team["challenge"].title,
    )
