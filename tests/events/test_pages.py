import datetime

import pytest
from django.utils import timezone

from tests.factories import ChallengeFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_event_list_shows_upcoming_events_then_recent_past_ones(
    client, django_assert_max_num_queries
):
    EventFactory(title="Webinaire à venir")
    EventFactory(title="Restitution passée", past=True)
    EventFactory(title="Brouillon", draft=True)

    with django_assert_max_num_queries(4):
        response = client.get("/evenements/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Webinaire à venir") < html.index("Restitution passée")
    assert "Brouillon" not in html
    assert [e.title for e in response.context["page_obj"].object_list] == ["Webinaire à venir"]


def test_past_events_are_listed_newest_first_and_paginated(client):
    for days in range(1, 15):
        EventFactory(
            title=f"Passé {days}", starts_at=timezone.now() - datetime.timedelta(days=days)
        )

    response = client.get("/evenements/", {"periode": "passes"})
    page_2 = client.get("/evenements/", {"periode": "passes", "page": 2})

    titles = [e.title for e in response.context["page_obj"].object_list]
    assert titles[:2] == ["Passé 1", "Passé 2"]
    assert len(titles) == 12
    assert len(page_2.context["page_obj"].object_list) == 2
    assert "periode=passes&amp;page=2" in response.content.decode()


def test_event_detail_in_paris_time_with_links_and_challenges(
    client, django_assert_max_num_queries
):
    event = EventFactory(
        title="Session d'information EIG 3",
        starts_at=datetime.datetime(2030, 10, 3, 14, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 10, 3, 17, 30, tzinfo=datetime.UTC),
        location="Liberté Living Lab",
        description="Les mentors **présentent** les défis.",
        registration_url="https://etalab-eig3.eventbrite.fr",
        replay_url="https://app.livestorm.co/replay",
        challenges=[
            ChallengeFactory(title="CartoBio"),
            ChallengeFactory(title="Brouillon", draft=True),
        ],
    )

    with django_assert_max_num_queries(4):
        response = client.get(event.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Session d&#x27;information EIG 3</h1>" in html
    assert "3 octobre 2030 à 16 h 30" in html  # 14:30 UTC is 16:30 in Paris (summer time)
    assert "19 h 30" in html
    assert "Liberté Living Lab" in html
    assert "<strong>présentent</strong>" in html
    assert 'href="https://etalab-eig3.eventbrite.fr"' in html
    assert 'href="https://app.livestorm.co/replay"' in html
    assert f'href="/evenements/{event.slug}.ics"' in html
    assert "CartoBio" in html and "Brouillon" not in html


def test_unpublished_event_is_404(client):
    event = EventFactory(draft=True)

    assert client.get(event.get_absolute_url()).status_code == 404
