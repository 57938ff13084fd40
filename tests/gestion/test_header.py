"""The header leads staff to the back office from every page."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db


def test_staff_find_the_back_office_in_the_header(client):
    client.force_login(make_user(Role.STAFF))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mon espace" in text
    assert f'href="{reverse("gestion:home")}"' in text


def test_other_people_see_no_back_office_link(client):
    client.force_login(make_user(Role.CANDIDATE))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mon espace" in text
    assert f'href="{reverse("gestion:home")}"' not in text
