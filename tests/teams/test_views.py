"""The team formation screens through the test client: run, see the teams,
pin or exclude from a card or the form, re-run and compare, confirm — and a
bounded number of queries whatever the cohort's size."""

import re

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.cohorts.models import Fellow, Profile
from eig.demo.laureates import make_laureates
from eig.teams.models import MatchingRun, PairRule, RunStatus
from eig.teams.services import matching_run_create
from tests.accounts.factories import make_user
from tests.teams.conftest import laureate

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = make_user(Role.STAFF)
    client.force_login(staff)
    client.user = staff
    return client


@pytest.fixture
def world(cohort_world):
    world = cohort_world()
    laureate(world, "Ada Lovelace", Profile.DEVELOPER, ["Alpha", "Beta"], 5)
    laureate(world, "Bob Martin", Profile.DESIGNER, ["Alpha", "Beta"], 4)
    laureate(world, "Chloé Dubois", Profile.DEVELOPER, ["Alpha", "Beta"], 3)
    laureate(world, "Dan Ruiz", Profile.DEVELOPER, ["Alpha", "Beta"], 2)
    laureate(world, "Eve Moreau", Profile.DESIGNER, ["Beta", "Alpha"], 1)
    return world


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_staff_run_pin_rerun_compare_and_confirm(staff_client, world):
    cohort = world.cohort
    page = staff_client.get(reverse("teams:cohort", kwargs={"slug": cohort.slug}))
    assert page.status_code == 200
    assert "5 lauréat·es, 2 défis publiés" in _text(page)

    response = staff_client.post(
        reverse("teams:run_create", kwargs={"slug": cohort.slug}),
        {"mode": "min_size", "seed": "11"},
    )
    run = MatchingRun.objects.get()
    assert response["Location"] == reverse("teams:run", kwargs={"slug": cohort.slug, "number": 1})
    page = _text(staff_client.get(response["Location"]))
    assert "5 personnes placées sur 5" in page
    assert "Alpha" in page and "Beta" in page and "Dan Ruiz" in page
    assert "Confirmer ces équipes" in page and "graine 11" in page
    alpha = world.challenges["Alpha"]
    dan = world.laureates["Dan Ruiz"]
    assert dan.pk and f"a{dan.pk}" not in page  # names, never keys

    # Pin Dan to Alpha from his card on Beta… well, from the form the card posts.
    here = reverse("teams:run", kwargs={"slug": cohort.slug, "number": 1})
    response = staff_client.post(
        reverse("teams:rule_create", kwargs={"slug": cohort.slug}),
        {"application": dan.pk, "challenge": alpha.pk, "kind": "pin", "next": here},
    )
    assert response["Location"] == here
    assert PairRule.objects.get().kind == "pin"

    # Re-run with the same settings (the page's button), then the comparison.
    response = staff_client.post(
        reverse("teams:run_create", kwargs={"slug": cohort.slug}),
        {"mode": run.mode, "seed": str(run.seed)},
    )
    second = MatchingRun.objects.get(number=2)
    assert f"a{dan.pk}" in second.result["teams"][f"d{alpha.pk}"]
    page = _text(staff_client.get(response["Location"]))
    assert "Changements depuis l'essai n° 1" in page
    assert "Dan Ruiz : Beta → Alpha" in page
    assert "fixé·e" in page

    # The confirmation step, then the confirmation.
    url = reverse("teams:run_confirm", kwargs={"slug": cohort.slug, "number": 2})
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "Dan Ruiz a accepté que son profil soit publié" in _text(page)
    refused = staff_client.post(url, {f"public_{dan.pk}": "on"})
    assert refused.status_code == 400
    assert "Cochez la case pour confirmer les équipes." in _text(refused)
    assert "checked" in refused.content.decode()  # the ticked box is kept
    assert not Fellow.objects.exists()

    response = staff_client.post(url, {f"public_{dan.pk}": "on", "confirm": "on"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == RunStatus.CONFIRMED
    assert Fellow.objects.count() == 5
    assert list(Fellow.objects.public().values_list("name", flat=True)) == ["Dan Ruiz"]
    public_page = _text(staff_client.get(alpha.get_absolute_url()))
    assert "Dan Ruiz" in public_page and "Ada Lovelace" not in public_page
    page = _text(staff_client.get(reverse("teams:cohort", kwargs={"slug": cohort.slug})))
    assert "Équipes publiées : essai n° 2" in page


def test_a_rule_form_error_keeps_what_was_chosen(staff_client, world):
    cohort = world.cohort
    ada = world.laureates["Ada Lovelace"]
    response = staff_client.post(
        reverse("teams:rule_create", kwargs={"slug": cohort.slug}),
        {"application": ada.pk, "challenge": "", "kind": "forbid"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{ada.pk}" selected' in html
    assert re.search(r'value="forbid"[^>]*checked', html)
    assert not PairRule.objects.exists()


def test_a_refused_rule_says_why(staff_client, world):
    cohort = world.cohort
    alpha = world.challenges["Alpha"]
    url = reverse("teams:rule_create", kwargs={"slug": cohort.slug})
    for name in ("Ada Lovelace", "Bob Martin", "Chloé Dubois"):
        staff_client.post(
            url, {"application": world.laureates[name].pk, "challenge": alpha.pk, "kind": "pin"}
        )
    response = staff_client.post(
        url, {"application": world.laureates["Dan Ruiz"].pk, "challenge": alpha.pk, "kind": "pin"}
    )
    assert response.status_code == 400
    assert "« Alpha » a déjà 3 personne(s) fixée(s) pour 3 places." in _text(response)
    assert PairRule.objects.count() == 3


def test_a_rule_is_removed(staff_client, world):
    cohort = world.cohort
    staff_client.post(
        reverse("teams:rule_create", kwargs={"slug": cohort.slug}),
        {
            "application": world.laureates["Ada Lovelace"].pk,
            "challenge": world.challenges["Beta"].pk,
            "kind": "forbid",
        },
    )
    rule = PairRule.objects.get()
    response = staff_client.post(
        reverse("teams:rule_delete", kwargs={"slug": cohort.slug, "pk": rule.pk})
    )
    assert response.status_code == 302 and not PairRule.objects.exists()


def test_a_cohort_without_laureates_says_so(staff_client, cohort_world):
    world = cohort_world()
    response = staff_client.post(
        reverse("teams:run_create", kwargs={"slug": world.cohort.slug}),
        {"mode": "stable", "seed": ""},
    )
    assert response.status_code == 400
    assert "Aucun·e lauréat·e dans cette promotion" in _text(response)
    assert re.search(r'value="stable"[^>]*checked', response.content.decode())


def test_unknown_run_or_cohort_is_404(staff_client, world):
    assert (
        staff_client.get(
            reverse("teams:run", kwargs={"slug": world.cohort.slug, "number": 99})
        ).status_code
        == 404
    )
    assert staff_client.get(reverse("teams:cohort", kwargs={"slug": "nope"})).status_code == 404


@pytest.mark.parametrize(("laureates", "challenges"), [(6, 3), (41, 17)])
def test_pages_run_a_bounded_number_of_queries(
    staff_client, django_assert_max_num_queries, laureates, challenges
):
    report = make_laureates(cohort_ref="9", count=laureates, challenges=challenges, seed=2)
    cohort = report.cohort
    first = matching_run_create(cohort=cohort, by=staff_client.user, seed=1)
    run = matching_run_create(cohort=cohort, by=staff_client.user, seed=2)
    assert first.number == 1
    urls = [
        reverse("teams:index"),
        reverse("teams:cohort", kwargs={"slug": cohort.slug}),
        reverse("teams:run", kwargs={"slug": cohort.slug, "number": run.number}),
        reverse("teams:run_confirm", kwargs={"slug": cohort.slug, "number": run.number}),
    ]
    for url in urls:
        with django_assert_max_num_queries(12):
            response = staff_client.get(url)
        assert response.status_code == 200, url
    page = _text(staff_client.get(urls[2]))
    assert page.count("fr-card__title") == challenges
