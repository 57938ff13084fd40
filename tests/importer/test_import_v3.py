"""The programme's current site (Hugo + Decap CMS, site-eig-v3/) imported whole."""

import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from eig.challenges.models import Challenge, Mentor, Theme
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import FaqAudience, FaqItem, Post
from eig.importer.hugo import content_files, import_current_site
from eig.importer.services import FatalImportError, count_files, discover_parts

V3 = Path(settings.BASE_DIR).parent / "shared" / "data" / "site-eig-v3"
if not V3.is_dir():
    V3 = Path("/work/shared/data/site-eig-v3")

pytestmark = pytest.mark.skipif(not V3.is_dir(), reason="site-eig-v3 absent")

DEFIS = "site/content/defis"


MODELS = [Challenge, Cohort, Fellow, Mentor, Post, FaqItem, Theme]


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def v3_run(django_db_setup, django_db_blocker, import_media_root):
    """site-eig-v3 imported, then imported again by the command; once per
    module, rolled back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=import_media_root),
        transaction.atomic(),
    ):
        labels: list[str] = []
        started = time.monotonic()
        first = import_current_site(V3, tick=labels.append)
        seconds = time.monotonic() - started
        first.ticks = labels
        before = _row_counts()
        out = StringIO()
        call_command("import_site", str(V3), "--no-progress", stdout=out)
        yield first, out.getvalue(), seconds, (before, _row_counts())
        transaction.set_rollback(True)


@pytest.fixture
def v3(v3_run, db):
    return v3_run[0]


def test_every_kind_comes_in_whole(v3):
    assert v3.errors == []
    assert v3.tallies == {
        "Promotions": [8, 8],
        "Thématiques": [27, 27],
        "Défis": [131, 131],
        "EIG (participant)": [224, 224],
        "Mentors (agent-public)": [185, 185],
        "Équipe et écosystème": [22, 0],
        "Articles": [61, 61],
        "Questions fréquentes": [25, 25],
    }
    assert Challenge.objects.count() == 131
    assert Cohort.objects.count() == 8
    assert Fellow.objects.count() == 224
    assert Mentor.objects.count() == 185
    assert Post.objects.count() == 61
    assert FaqItem.objects.filter(audience=FaqAudience.CANDIDATES).count() == 15
    assert FaqItem.objects.filter(audience=FaqAudience.ADMINISTRATIONS).count() == 10


def test_challenges_per_cohort_with_the_cohort_year(v3):
    per_cohort = {
        cohort.slug: (cohort.year, cohort.challenges.count()) for cohort in Cohort.objects.all()
    }

    assert per_cohort == {
        "1": (2017, 9),
        "2": (2018, 13),
        "3": (2019, 15),
        "dig": (2019, 17),
        "4": (2020, 17),
        "5": (2021, 15),
        "6": (2022, 14),
        "7": (2024, 31),
    }


def test_a_dig_challenge_and_a_bare_year_one(v3):
    achadef = Challenge.objects.get(source_key=f"{DEFIS}/achadef.md")
    artificia = Challenge.objects.get(source_key=f"{DEFIS}/artificia.md")

    assert achadef.cohort.slug == "dig"
    assert achadef.cohort.programme.acronym == "DIG"
    assert achadef.year == 2019  # its cohort's, not its publishing date (2021)
    assert achadef.organization_label == "Ministère des Armées"
    # /img/achadef.svg (site/static/), stored by its content hash
    assert re.fullmatch(r"/media/imports/[0-9a-f]{2}/[0-9a-f]{64}_200x200\.svg", achadef.image)
    assert achadef.body.startswith("### La problématique")
    assert [theme.name for theme in achadef.themes.all()] == ["Sécurité"]
    assert artificia.cohort.slug == "6"  # `date: 2022`, a bare year
    assert artificia.year == 2022


def test_a_cohort_7_startup_detat(v3):
    ajust = Challenge.objects.get(source_key=f"{DEFIS}/a-just.md")

    assert ajust.title == "A-JUST"
    assert ajust.slug == "a-just"
    assert (ajust.cohort.slug, ajust.year) == ("7", 2024)
    assert ajust.is_startup_detat is True
    assert ajust.startup_detat_url == "https://beta.gouv.fr/startups/a-just.html"
    assert ajust.organization.name == "Ministère de la Justice"
    assert Challenge.objects.filter(is_startup_detat=True).count() == 31


def test_an_eig_and_a_mentor_are_linked_to_their_challenge(v3):
    fellow = Fellow.objects.get(source_key="site/content/personnes/adeline-celier.md")
    mentor = Mentor.objects.get(name="Adnène Trojette")

    assert fellow.name == "Adeline Celier"
    assert fellow.profile_label == "Designer"
    assert [c.title for c in fellow.challenges.all()] == ["MonitorFish"]
    assert [c.slug for c in fellow.cohorts.all()] == ["4"]
    # /img/adeline-celier.jpg (site/static/), stored by its content hash
    assert re.fullmatch(r"/media/imports/[0-9a-f]{2}/[0-9a-f]{64}_500x500\.jpg", fellow.photo_url)
    assert [m.challenge.title for m in mentor.mentorships.all()] == ["Plume", "CC - API rapports"]
    assert mentor.position_title == "Porteur de projet"


def test_names_that_match_nothing_are_reported_never_invented(v3):
    warnings = [str(issue) for issue in v3.warnings]

    assert any("« e-PSHAD » introuvable" in w for w in warnings)
    assert any("« SOS Pont » introuvable" in w for w in warnings)
    assert any("« Service public » absente de themes/" in w for w in warnings)
    assert not Challenge.objects.filter(title__in=["e-PSHAD", "SOS Pont"]).exists()
    assert not Theme.objects.filter(name="Service public").exists()


def test_the_progress_bar_advances_once_per_content_file(v3):
    assert len(v3.ticks) == count_files(discover_parts(V3)) == len(content_files(V3))


def test_skipped_files_are_named_by_their_relative_path(v3):
    skipped = {issue.file: issue.reason for issue in v3.skipped}

    assert "page d'index" in skipped["site/content/defis/_index.md"]
    assert "agent-ecosysteme" in skipped["site/content/personnes/paul-schmite.md"]
    assert "site/content/expertises/design.md" in skipped
    # Same file name in two folders: two lines, never one.
    assert "site/content/participer/candidats/_index.md" in skipped
    assert "site/content/participer/administrations/_index.md" in skipped


def test_a_second_run_creates_nothing(v3_run, db):
    first, second_output, _seconds, (before, after) = v3_run

    assert first.created > 700
    assert re.search(r"^Total\s+0\s+0\s+\d+$", second_output, re.MULTILINE)
    assert after == before


def test_the_command_prints_the_format_and_per_kind_counts(v3_run, db):
    text = v3_run[1]

    assert "Format reconnu : site Hugo/Decap CMS" in text
    assert "Défis : 131 dans la source, 131 importés" in text
    assert "Promotions : 8 dans la source, 8 importés" in text
    assert "Fichiers ignorés" in text


def test_import_current_site_refuses_another_format(tmp_path):
    (tmp_path / "_config.yml").write_text("title: x\n")

    with pytest.raises(FatalImportError, match="pas un site Hugo/Decap CMS"):
        import_current_site(tmp_path)


def test_shortcodes_become_links_and_no_text_keeps_one(v3, client):
    """Item 7: `arrow-link` and `dailymotion` shown as written on the current site."""
    for model, field in [(Challenge, "body"), (Fellow, "bio"), (Mentor, "bio"), (Post, "body")]:
        left = model.objects.filter(**{f"{field}__contains": "{{<"}).count()
        assert left == 0, f"{model.__name__}: {left} texts keep a shortcode"
    gobelins = Challenge.objects.get(source_key__endswith="defis/gobelins.md")
    assert "[Démonstration](https://collection.mobiliernational.culture.gouv.fr/recherche)" in (
        gobelins.body
    )
    video = Post.objects.filter(body__contains="https://www.dailymotion.com/video/x7zgtds").first()
    assert video is not None

    response = client.get(gobelins.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "{{&lt;" not in html and "Démonstration" in html
    assert 'href="https://collection.mobiliernational.culture.gouv.fr/recherche"' in html
