import pytest
from django.core.management import CommandError, call_command

from eig.challenges.models import Challenge, ChallengeMentor, Mentor
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import Post
from eig.core.text import fold
from eig.demo.fake_data import generate_fake_data
from eig.events.models import Event
from eig.organizations.models import Organization, OrganizationKind
from tests.opendata.factories import ChallengeFactory, CohortFactory


def counts() -> dict[str, int]:
    return {
        "cohorts": Cohort.objects.count(),
        "challenges": Challenge.objects.count(),
        "organizations": Organization.objects.count(),
        "posts": Post.objects.count(),
        "events": Event.objects.count(),
        "people": Fellow.objects.count() + Mentor.objects.count(),
    }


def test_scale_one_is_the_size_of_the_real_programme(db):
    generate_fake_data(scale=1, seed=1)

    sizes = counts()
    people = sizes.pop("people")
    assert sizes == {
        "cohorts": 5,
        "challenges": 71,
        "organizations": 70,
        "posts": 55,
        "events": 30,
    }
    assert 230 <= people <= 290


def test_scale_multiplies_every_count(db):
    generate_fake_data(scale=1, seed=1)
    single = counts()

    generate_fake_data(scale=2, seed=1)

    total = counts()
    for name in ("cohorts", "challenges", "organizations", "posts", "events"):
        assert total[name] == 3 * single[name], name


def test_generated_programme_is_consistent(db):
    generate_fake_data(scale=1, seed=4)

    for challenge in Challenge.objects.select_related("organization"):
        assert challenge.search_document == challenge.build_search_document()
        assert challenge.year == challenge.cohort.year
    teams = [c.fellows.count() for c in Challenge.objects.prefetch_related("fellows")]
    assert min(teams) >= 2 and max(teams) <= 3
    assert ChallengeMentor.objects.count() == 2 * Challenge.objects.count()
    assert not Organization.objects.filter(
        kind=OrganizationKind.MINISTRY, parent__isnull=False
    ).exists()
    assert (
        not Organization.objects.exclude(kind=OrganizationKind.MINISTRY)
        .filter(parent__isnull=True)
        .exists()
    )
    assert Post.objects.filter(language="en", translation_of__isnull=False).count() == 11
    assert Post.objects.filter(is_published=False).count() == 4
    # the catalogue search finds generated défis
    some = Challenge.objects.first()
    word = fold(some.pitch).split()[1]
    assert some in Challenge.objects.search(word)


def test_runs_never_collide_with_real_data_nor_with_each_other(db):
    real = ChallengeFactory(slug="adex", cohort=CohortFactory(slug="eig-4", year=2020))

    generate_fake_data(scale=1, seed=0)
    generate_fake_data(scale=1, seed=0)  # same seed, again

    assert Cohort.objects.count() == 11
    assert Challenge.objects.get(slug="adex") == real
    generated = Challenge.objects.exclude(pk=real.pk).values_list("slug", flat=True)
    assert {slug.rsplit("-", 2)[1] for slug in generated} == {"f1", "f2"}
    assert {
        slug.split("-")[0]
        for slug in Cohort.objects.exclude(slug="eig-4").values_list("slug", flat=True)
    } == {"f1", "f2"}


def test_same_seed_gives_the_same_programme(db):
    generate_fake_data(scale=1, seed=7)
    first = list(Challenge.objects.order_by("pk").values_list("title", "pitch"))
    Challenge.objects.all().delete()

    generate_fake_data(scale=1, seed=7)

    assert list(Challenge.objects.order_by("pk").values_list("title", "pitch")) == first


def test_command_shows_progress_and_refuses_a_bad_scale(db, capsys):
    call_command("generate_fake_data", "--scale", "1", "--seed", "2")

    output = capsys.readouterr().out
    assert "Défis (1 × 71)" in output
    assert "défis : 71" in output
    assert "lignes créées" in output
    with pytest.raises(CommandError):
        call_command("generate_fake_data", "--scale", "0")
