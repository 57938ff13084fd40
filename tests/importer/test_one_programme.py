"""One programme, not two: `import_demo_data` imports the original site and
the current one (and the seeds) into one set of records."""

import hashlib
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from eig.challenges.models import Challenge, ChallengeMentor, Mentor
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import Page, Post
from eig.importer.management.commands.import_demo_data import DEMO_PARTS
from eig.importer.models import Redirect
from eig.importer.parsers import hugo_shortcodes
from tests.importer.conftest import DEMO

V3_DEFIS = "site/content/defis"
V3_PEOPLE = "site/content/personnes"
MODELS = [Cohort, Challenge, Fellow, Mentor, ChallengeMentor]


def _snapshot() -> dict:
    """Row counts and the imported fields of every défi, EIG and mentor."""
    challenge_fields = [
        "source_key",
        "other_source_keys",
        "title",
        "slug",
        "year",
        "cohort__slug",
        "pitch",
        "body",
        "image",
        "town",
        "organization_label",
        "legacy_path",
        "is_startup_detat",
        "startup_detat_url",
        "updated_at",
    ]
    person_fields = [
        "source_key",
        "other_source_keys",
        "name",
        "slug",
        "photo_url",
        "bio",
        "github",
        "linkedin",
        "updated_at",
    ]
    return {
        "counts": {model.__name__: model.objects.count() for model in MODELS},
        "challenges": list(Challenge.objects.order_by("pk").values_list(*challenge_fields)),
        "fellows": list(Fellow.objects.order_by("pk").values_list(*person_fields, "profile_label")),
        "fellow_links": sorted(
            Fellow.challenges.through.objects.values_list("fellow_id", "challenge_id")
        ),
        "fellow_cohorts": sorted(
            Fellow.cohorts.through.objects.values_list("fellow_id", "cohort_id")
        ),
        "mentors": list(
            Mentor.objects.order_by("pk").values_list(*person_fields, "position_title")
        ),
        "mentorships": sorted(ChallengeMentor.objects.values_list("mentor_id", "challenge_id")),
        "redirects": list(
            Redirect.objects.order_by("pk").values_list(
                "pk", "old_path", "url_name", "url_kwargs", "target_path", "language"
            )
        ),
    }


@pytest.fixture(scope="module")
def runs(django_db_setup, django_db_blocker):
    """`import_demo_data` twice; once per module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = StringIO()
        call_command("import_demo_data", "--no-progress", stdout=first)
        before = _snapshot()
        second = StringIO()
        call_command("import_demo_data", "--no-progress", stdout=second)
        yield first.getvalue(), second.getvalue(), before, _snapshot()
        transaction.set_rollback(True)


@pytest.fixture
def demo(runs, db):
    return runs


def test_the_demo_imports_both_sites_and_the_seeds():
    assert DEMO_PARTS[:5] == ["programme.yml", "figures.yml", "site-eig", "site-eig-v3", "seeds"]
    assert (DEMO / "site-eig-v3" / "site" / "static" / "admin" / "config.yml").is_file()
    # with the pictures and documents its content names (scripts/copy-demo-media)
    assert (DEMO / "site-eig-v3" / "site" / "static" / "img" / "eig2-gobelins.svg").is_file()


def test_cohorts_1_to_7_and_dig_once_each(demo):
    cohorts = {cohort.slug: cohort.year for cohort in Cohort.objects.all()}

    assert cohorts == {
        "1": 2017,
        "2": 2018,
        "3": 2019,
        "dig": 2019,
        "4": 2020,
        "5": 2021,
        "6": 2022,
        "7": 2024,
    }
    assert Cohort.objects.get(slug="dig").programme.acronym == "DIG"


def test_challenges_of_both_sites_are_one_record_each(demo):
    per_cohort = {
        cohort.slug: cohort.challenges.count() for cohort in Cohort.objects.order_by("pk")
    }

    # The 71 défis of cohorts 1-4 and DIG are on both sites; the two "EIG Link"
    # the current site calls "EIG2 Link" and "EIG4 Link" are not the same
    # name and stay apart (see the report).
    assert per_cohort == {"1": 9, "2": 14, "3": 15, "dig": 17, "4": 18, "5": 15, "6": 14, "7": 31}
    assert Challenge.objects.count() == 133
    assert Challenge.objects.exclude(other_source_keys=[]).count() == 69


def test_a_2017_challenge_keeps_the_richer_value_of_each_field(demo):
    matchid = Challenge.objects.get(year=2017, title="MI - matchID")
    v3_body = (DEMO / "site-eig-v3" / V3_DEFIS / "mi-matchid.md").read_text().split("---", 2)[2]

    assert Challenge.objects.filter(title__iexact="mi - matchid").count() == 1
    assert matchid.source_key == "MI - matchID"  # the original site's key and identity
    assert matchid.other_source_keys == [f"{V3_DEFIS}/mi-matchid.md"]
    assert (matchid.slug, matchid.legacy_path) == ("mi-matchid", "/defis/2017/mi-matchid.html")
    assert is_current_site_file(matchid.image, "eig1-default-1-.svg")  # the current site's picture
    # the longer description, its shortcodes as Markdown
    assert matchid.body == hugo_shortcodes(v3_body)[0]
    assert matchid.videos  # only the original site has them
    assert list(matchid.fellows.values_list("name", flat=True)) == ["Martin Gross"]
    assert list(matchid.mentors.values_list("name", flat=True)) == ["Daniel Ansellem"]


def test_another_2017_challenge_is_one_record(demo):
    challenge = Challenge.objects.get(title="CC - API rapports")

    assert Challenge.objects.filter(year=2017, title__icontains="api rapports").count() == 1
    assert challenge.other_source_keys == [f"{V3_DEFIS}/cc-api-rapports.md"]
    assert challenge.organization.name == "Cour des comptes"
    assert list(challenge.fellows.values_list("name", flat=True)) == ["Frédéric Bardolle"]


def test_key_figures_and_projects_from_the_original_site_image_from_the_current(demo):
    gobelins = Challenge.objects.get(title="Gobelins")

    assert gobelins.source_key == "Gobelins"
    assert gobelins.key_figures.count() == 4
    assert gobelins.projects.count() == 3
    assert is_current_site_file(gobelins.image, "eig2-gobelins.svg")
    assert gobelins.organization.name == "Service du Mobilier National"


def test_a_person_on_both_sites_is_one_record(demo):
    martin = Fellow.objects.get(name="Martin Gross")
    adnene = Mentor.objects.get(name="Adnène Trojette")

    assert martin.source_key == "Martin Gross"
    assert martin.other_source_keys == [f"{V3_PEOPLE}/martin-gross.md"]
    assert martin.legacy_path == "/communaute/2017/martin-gross.html"
    assert is_current_site_file(martin.photo_url, "martin-gross.png")  # the current site's photo
    assert martin.github == "https://github.com/SuperKiwi"
    assert list(martin.cohorts.values_list("slug", flat=True)) == ["1"]
    assert Mentor.objects.filter(name="Adnène Trojette").count() == 1
    assert sorted(adnene.challenges.values_list("title", flat=True)) == [
        "CC - API rapports",
        "Plume",
    ]


def test_people_of_dig_the_sites_file_under_two_cohort_names_are_one(demo):
    # The original site says "dig", the current one "Promotion 3": both 2019.
    assert Fellow.objects.filter(name="Alexis Deny").count() == 1


def test_eig_of_cohort_7_with_their_challenges(demo):
    cohort_7 = Fellow.objects.filter(cohorts__slug="7")
    astrid = Fellow.objects.get(name="Astrid Tarteret")

    assert cohort_7.count() == 35
    assert list(astrid.challenges.values_list("title", flat=True)) == ["Partageons l'eau"]
    assert is_current_site_file(astrid.photo_url, "astrid-tarteret.jpeg")
    assert astrid.source_key == f"{V3_PEOPLE}/astrid-tarteret.md"


def test_the_report_says_what_was_merged_and_lists_ambiguities(demo):
    first = demo[0]

    assert "Format reconnu : site Hugo/Decap CMS" in first
    assert "Format reconnu : site Jekyll d'origine" in first
    assert "Fusionnés avec un enregistrement d'une autre source : défis 69," in first
    assert "Défis : 131 dans la source, 131 importés" in first


def test_a_second_run_changes_nothing(demo):
    _first, second, before, after = demo

    assert before["counts"]["Challenge"] == 133
    assert len(before["redirects"]) > 500  # the old addresses of both sites
    assert after == before
    total = next(line for line in second.splitlines() if line.startswith("Total"))
    created, updated, unchanged = (int(number) for number in total.split()[1:])
    assert (created, updated) == (0, 0)
    assert unchanged > 900


def test_the_promotions_page_shows_cohorts_5_to_7(demo, client):
    response = client.get("/promotions/")
    cohort_7 = client.get("/promotions/7/")

    assert response.status_code == 200
    page = response.content.decode()
    for slug in ("1", "dig", "4", "5", "6", "7"):
        assert f'href="/promotions/{slug}/"' in page
    assert ">Promotion 7</a>" in page
    assert "31 défis" in page
    assert cohort_7.status_code == 200
    assert "A-JUST" in cohort_7.content.decode()


def is_current_site_file(url: str, name: str) -> bool:
    """`url` is the stored copy (by content hash) of the current site's `img/name`."""
    digest = hashlib.sha256(
        (DEMO / "site-eig-v3" / "site" / "static" / "img" / name).read_bytes()
    ).hexdigest()
    return url.startswith(settings.MEDIA_URL) and digest in url


def test_the_programme_page_states_the_programme_of_today(demo, client):
    current = Page.objects.get(language="fr", slug="programme")
    first_text = Page.objects.get(source_key="seeds/001_e739637a2e51fb02.txt")

    # /programme/ is the current site's page (its CMS fields in Markdown)…
    assert current.source_key == "site/content/program.md"
    assert current.title == "Entreprendre pour le service public"
    assert current.lede.startswith("En 2016, à l’occasion du sommet mondial")
    assert "contrat de projet d’un an, renouvelable" in current.body
    assert "### Amorçage : Cadrer et engager une dynamique" in current.body
    assert "*1 à 2 mois · À l'arrivée de l'EIG*" in current.body
    assert "> — Marguerite Yourcenar, *Mémoires d’Hadrien*" in current.body
    response = client.get("/programme/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Entreprendre pour le service public" in page
    assert "Services du Premier ministre" in page
    assert '">Pour les entrepreneur·e·s</h3>' in page  # no level skipped
    assert "Décidé en juin 2016 par François" not in page

    # …the 2017 text stays, dated, in the programme's menu…
    assert (first_text.slug, first_text.legacy_path) == ("programme-2017", "/presentation.html")
    assert first_text.title == "Le programme (2017)"  # the menu shows one « Le programme »
    assert 'href="/programme/programme-2017/">Le programme (2017)<' in page
    archived = client.get("/programme/programme-2017/")
    assert archived.status_code == 200
    assert "Décidé en juin 2016 par François" in archived.content.decode()
    # …and the original site's presentation leads to the programme of today.
    moved = client.get("/presentation.html")
    assert (moved.status_code, moved["Location"]) == (301, "/programme/")
    # The team's English version of today's programme comes with the demo.
    english = client.get("/en/programme/")
    assert english.status_code == 200
    text = english.content.decode()
    assert "Entrepreneurship for the public service" in text
    assert "contract, renewable" in text
    assert "This page is only available in French." not in text


def test_no_list_of_the_real_texts_shows_its_stars(demo, client):
    """Lists written right after a paragraph (85 stray `*` on 16 pages of the
    demo before) render as lists on every défi and post page."""
    stray = {}
    pages = 0
    for item in [*Challenge.objects.all(), *Post.objects.published()]:
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200, item.get_absolute_url()
        html = response.content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        text = re.sub(r"<[^>]+>", "\n", main)
        found = len(re.findall(r"(?:^|\n)[ \t]*[*+] ", text))
        pages += 1
        if found:
            stray[item.get_absolute_url()] = found
    assert pages > 190
    assert stray == {}


def test_a_post_on_both_sites_is_one_post_and_both_addresses_lead_to_it(demo, client):
    post = Post.objects.get(source_key="_posts/20-01-17-bilan-eig3.md")

    assert post.other_source_keys == ["site/content/blog/bilan-eig3.md"]
    assert not Post.objects.filter(source_key="site/content/blog/bilan-eig3.md").exists()
    assert Post.objects.filter(language="fr", title=post.title).count() == 1
    assert Post.objects.exclude(other_source_keys=[]).count() > 40
    news = client.get("/actualites/")
    assert news.status_code == 200 and news.content.decode().count(f">{post.title}<") <= 1
    for old in ("/blog/bilan-eig3/", post.legacy_path):
        moved = client.get(old)
        assert (moved.status_code, moved["Location"]) == (301, post.get_absolute_url()), old
