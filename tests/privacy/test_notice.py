"""The privacy page: every kind of data with its purpose, legal basis and
period, read from settings.EIG_RETENTION so that it never drifts."""

import pytest
from django.urls import reverse

from eig.privacy.retention import KINDS, duration_label

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_kind_with_its_period(client):
    response = client.get(reverse("privacy:notice"))

    assert response.status_code == 200
    html = response.content.decode()
    for kind in KINDS:
        assert f'id="retention-{kind.key}"' in html
    assert "2 ans après le dernier contact" in html
    assert "Base légale" in html and "article 6.1.e du RGPD" in html


def test_the_page_follows_the_setting(client, settings):
    settings.EIG_RETENTION = {**settings.EIG_RETENTION, "cvs": 540}

    html = client.get(reverse("privacy:notice")).content.decode()

    assert "18 mois après le dernier contact" in html


def test_the_footer_and_the_candidature_notice_link_to_it(client):
    url = reverse("privacy:notice")

    assert f'href="{url}"' in client.get("/").content.decode()
    assert url in client.get(reverse("applications:privacy")).content.decode()


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (365, "1 an"),
        (730, "2 ans"),
        (180, "6 mois"),
        (30, "1 mois"),
        (45, "45 jours"),
        (1, "1 jour"),
    ],
)
def test_durations_read_in_french(days, label):
    assert duration_label(days) == label
