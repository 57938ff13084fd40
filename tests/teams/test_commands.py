"""match_teams and make_laureates from the command line."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from eig.applications.models import Application, ApplicationState
from eig.challenges.models import Challenge
from eig.cohorts.models import Fellow
from eig.selection.models import ReviewAssignment
from eig.teams.models import MatchingRun, RunStatus

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_make_laureates_gives_a_cohort_of_real_size():
    output = run("make_laureates", "--cohort", "9", "--seed", "4")

    assert "Promotion 9 (eig-9) créée : 41 lauréat·es" in output
    laureates = Application.objects.filter(call__cohort__number=9, state=ApplicationState.LAUREATE)
    assert Counter(laureates.values_list("profile", flat=True)) == {
        "developer": 18,
        "designer": 14,
        "data_scientist": 9,
    }
    assert Challenge.objects.filter(cohort__number=9, is_published=True).count() == 17
    for application in laureates.prefetch_related("choices"):
        assert [c.rank for c in application.choices.all()] == [1, 2, 3]
    assert ReviewAssignment.objects.filter(submitted_at__isnull=False).count() >= 2 * 41
    with pytest.raises(CommandError, match="compte déjà 41"):
        run("make_laureates", "--cohort", "9")
    run("make_laureates", "--cohort", "eig-9", "--count", "3", "--add")
    assert laureates.count() == 44


def test_match_teams_dry_run_prints_the_teams_and_stores_nothing():
    run("make_laureates", "--cohort", "9", "--count", "12", "--challenges", "5")

    output = run("match_teams", "--cohort", "9", "--dry-run", "--seed", "5")

    assert "essai non enregistré, mode min_size, graine 5" in output
    assert "Vérification indépendante" in output
    for challenge in Challenge.objects.filter(cohort__number=9):
        assert challenge.title in output
    assert not MatchingRun.objects.exists() and not Fellow.objects.exists()
    # Same seed, same teams.
    assert run("match_teams", "--cohort", "9", "--dry-run", "--seed", "5") == output


def test_match_teams_stores_a_run_and_confirms_it():
    run("make_laureates", "--cohort", "9", "--count", "12", "--challenges", "5")

    output = run("match_teams", "--cohort", "9", "--mode", "stable", "--seed", "5")
    assert "essai n° 1, mode stable" in output
    assert MatchingRun.objects.get().status == RunStatus.DRAFT

    output = run("match_teams", "--cohort", "eig-9", "--seed", "5", "--confirm")
    assert "essai n° 2" in output and "Équipes confirmées" in output
    placed = sum(len(m) for m in MatchingRun.objects.get(number=2).result["teams"].values())
    assert Fellow.objects.count() == placed and not Fellow.objects.public().exists()


def test_match_teams_refuses_what_it_cannot_do():
    with pytest.raises(CommandError, match="Promotion introuvable"):
        run("match_teams", "--cohort", "77")
    run("make_laureates", "--cohort", "9", "--count", "4", "--challenges", "2")
    with pytest.raises(CommandError, match="s'excluent"):
        run("match_teams", "--cohort", "9", "--dry-run", "--confirm")
