import pytest

pytestmark = pytest.mark.django_db


def test_event_list_links_and_announces_its_calendar(client):
    response = client.get("/evenements/")
    assert response.status_code == 200
    html = response.content.decode()
    head = html[: html.index("</head>")]
    assert 'rel="alternate" type="text/calendar"' in head
    assert 'href="/evenements/calendrier.ics"' in html[html.index("</head>") :]
    assert "Pour vous abonner" in html
