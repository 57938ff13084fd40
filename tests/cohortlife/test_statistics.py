"""The statistics page: SVG charts that a test can read, tables of the same figures."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from eig.applications.models import Application, ApplicationState, ApplicationTransition
from eig.challenges.models import Funding
from eig.cohortlife import stats
from eig.cohortlife.charts import BarChart, Series, render_svg
from eig.cohorts.models import Profile
from tests.accounts.factories import UserFactory
from tests.factories import (
    ApplicationCallFactory,
    ChallengeFactory,
    CohortFactory,
    FellowFactory,
    OrganizationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def charts_of(html: str) -> dict[str, ET.Element]:
    """Every inline SVG of the page, parsed, by its title id."""
    found = {}
    for markup in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        svg = ET.fromstring(markup)
        title = svg.find(f"{SVG}title")
        found[title.get("id").removesuffix("-titre")] = svg
    return found


def bars(svg: ET.Element) -> list[tuple[str, str, int]]:
    return [
        (rect.get("data-category"), rect.get("data-series"), int(rect.get("data-value")))
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("class") == "bar"
    ]


def table_of(html: str, chart_id: str) -> list[list[str]]:
    """The rows of the table following a chart, cells as text ("*" dropped)."""
    markup = re.search(rf'<table data-chart="{chart_id}">.*?</table>', html, flags=re.S).group(0)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", markup, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([_text(cell) for cell in cells])
    return rows


def _text(cell: str) -> str:
    cell = re.sub(r'<span class="fr-sr-only">.*?</span>', "", cell)
    cell = re.sub(r"<abbr[^>]*>\*</abbr>", "", cell)
    return " ".join(re.sub(r"<[^>]+>", "", cell).split())


def _int(cell: str) -> int:
    return int(re.sub(r"\s", "", cell))  # "1 288": grouped the French way


@pytest.fixture
def world():
    """Two published cohorts (one with published figures, one counted from the
    records) and private records that must not count."""
    ministry = OrganizationFactory(name="Ministère de la Justice", ministry=True)
    directorate = OrganizationFactory(name="DAP", parent=ministry)
    agency = OrganizationFactory(name="Cour des comptes")
    justice = ThemeFactory(name="Justice", slug="justice")
    health = ThemeFactory(name="Santé", slug="sante")
    old = CohortFactory(
        name="Promotion 3",
        year=2019,
        declared_candidates=170,
        declared_auditioned=86,
        declared_fellows=32,
        declared_challenges=15,
        declared_challenges_cofunded=12,
        declared_challenges_remarked=3,
    )
    new = CohortFactory(name="Promotion 5", year=2021)
    hidden = CohortFactory(name="Promotion cachée", year=2022, unpublished=True)
    for organization, funding in ((directorate, Funding.COFUNDED), (agency, Funding.REMARKED)):
        ChallengeFactory(cohort=old, organization=organization, themes=[justice], funding=funding)
    first = ChallengeFactory(cohort=new, organization=directorate, themes=[justice, health])
    ChallengeFactory(cohort=new, organization=directorate, themes=[health], draft=True)
    ChallengeFactory(cohort=hidden, organization=agency, themes=[health])
    FellowFactory.create_batch(2, cohorts=[new], challenges=[first])
    FellowFactory(cohorts=[new], challenges=[first], profile=Profile.DESIGNER)
    FellowFactory.create_batch(4, cohorts=[old], profile=Profile.DATA_SCIENTIST)
    call = ApplicationCallFactory(cohort=new)
    states = ["submitted"] * 5 + ["draft"] * 2 + ["preselected"] * 2 + ["laureate"]
    for n, state in enumerate(states):
        application = Application.objects.create(
            call=call,
            candidate=_candidate(n),
            state=ApplicationState.SUBMITTED if state != "draft" else ApplicationState.DRAFT,
            submitted_at=timezone.now() if state != "draft" else None,
        )
        if state in ("preselected", "laureate"):
            # The selection (issue 6) logs its own states; the statistics read them.
            for step in ("preselected", "auditioned", "laureate")[
                : 1 if state == "preselected" else 3
            ]:
                ApplicationTransition.objects.create(
                    application=application, from_state="submitted", to_state=step
                )
    return {"old": old, "new": new, "hidden": hidden}


def _candidate(n):
    return UserFactory(email=f"candidat{n}@exemple.fr")


def test_cohort_statistics_take_published_figures_then_the_records(world):
    figures = {s.cohort.name: s for s in stats.cohort_statistics()}

    assert list(figures) == ["Promotion 3", "Promotion 5"]
    old, new = figures["Promotion 3"], figures["Promotion 5"]
    assert [(k, f.value, f.source) for k, _l, f in old.funnel] == [
        ("applications", 170, stats.PUBLISHED),
        ("preselected", None, ""),
        ("auditioned", 86, stats.PUBLISHED),
        ("laureates", 32, stats.PUBLISHED),
    ]
    assert [(k, f.value, f.source) for k, _l, f in new.funnel] == [
        ("applications", 8, stats.COMPUTED),  # the drafts do not count
        ("preselected", 3, stats.COMPUTED),
        ("auditioned", 1, stats.COMPUTED),
        ("laureates", 1, stats.COMPUTED),
    ]
    assert new.challenges.value == 1  # the draft défi does not count
    assert (old.cofunded.value, old.remarked.value, old.funding_unknown.value) == (12, 3, 0)
    assert new.profiles[Profile.DEVELOPER].value == 2
    assert new.profiles[Profile.DESIGNER].value == 1
    assert old.profiles[Profile.DATA_SCIENTIST].value == 4
    assert new.hosts.value == 1


def test_distributions_count_public_defis_per_ministry_and_theme(world):
    spread = stats.distributions()

    assert spread[stats.MINISTRY].rows == [
        ("Ministère de la Justice", 2),
        ("Cour des comptes", 1),
    ]
    assert spread[stats.THEME].rows == [("Justice", 3), ("Santé", 1)]
    assert stats.distribution_queryset().count() == 6


def test_distributions_group_the_smallest_under_others():
    cohort = CohortFactory()
    for n in range(5):
        theme = ThemeFactory(name=f"Thème {n}", slug=f"theme-{n}")
        for _ in range(n + 1):
            ChallengeFactory(cohort=cohort, themes=[theme])

    rows = stats.distributions(limit=3)[stats.THEME].rows

    assert rows == [("Thème 4", 5), ("Thème 3", 4), ("Autres (3)", 6)]


def test_the_page_shows_each_chart_as_svg_with_the_figures_of_its_table(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/statistiques/")

    html = response.content.decode()
    charts = charts_of(html)
    assert list(charts) == [
        "entonnoir",
        "profils",
        "administrations",
        "ministeres",
        "themes",
        "financement",
    ]
    for chart_id, svg in charts.items():
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{chart_id}-titre {chart_id}-description"
        assert svg.find(f"{SVG}desc").text
        table = table_of(html, chart_id)
        header, rows = table[0], table[1:]
        series = {label: n for n, label in enumerate(header[1:])}
        from_table = {
            (row[0], column): _int(row[n + 1])
            for row in rows
            for column, n in series.items()
            if row[n + 1] not in ("—", "")
        }
        labels = {s.get("data-series"): None for s in svg.iter() if s.get("data-series")}
        assert labels, chart_id
        from_chart = {(category, value) for category, _series, value in bars(svg)}
        assert from_chart == {(category, value) for (category, _c), value in from_table.items()}
        assert len(bars(svg)) == len(from_table), chart_id
    funnel = bars(charts["entonnoir"])
    assert ("Promotion 3", "applications", 170) in funnel
    assert ("Promotion 5", "preselected", 3) in funnel
    assert not [b for b in funnel if b[0] == "Promotion 3" and b[1] == "preselected"]
    unknown = [t for t in charts["entonnoir"].iter(f"{SVG}text") if t.get("class") == "unknown"]
    assert [t.text for t in unknown] == ["non publié"]
    assert "Promotion cachée" not in html
    assert table_of(html, "entonnoir")[2] == ["Promotion 5", "8", "3", "1", "1"]


def test_bars_are_drawn_to_scale():
    chart = BarChart(
        id="essai",
        title="Essai",
        description="Deux barres",
        categories=["A", "B"],
        series=[Series("n", "Nombre")],
        values=[[100], [25]],
    )

    svg = ET.fromstring(str(render_svg(chart)))

    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(4 * widths[1])
    assert [t.text for t in svg.iter(f"{SVG}title")] == [
        "Essai",
        "A",
        "A — Nombre : 100",
        "B",
        "B — Nombre : 25",
    ]


def test_labels_are_escaped_in_the_svg():
    chart = BarChart(
        id="x",
        title="<script>",
        description="&",
        categories=['Défi "<b>"'],
        series=[Series("n", "N")],
        values=[[1]],
    )

    markup = str(render_svg(chart))

    assert "<script>" not in markup and "<b>" not in markup
    assert ET.fromstring(markup).find(f"{SVG}title").text == "<script>"


def test_the_page_query_count_does_not_grow_with_the_cohorts(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6) as few:
        client.get("/statistiques/")
    for n in range(6):
        cohort = CohortFactory(year=2030 + n)
        FellowFactory.create_batch(2, cohorts=[cohort])
        ChallengeFactory.create_batch(2, cohort=cohort, themes=[ThemeFactory()])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/statistiques/")
    assert len(bars(charts_of(response.content.decode())["profils"])) == 2 + 1 + 6


def test_the_open_data_holds_the_same_figures_as_the_page(client, world):
    page = client.get("/statistiques/").content.decode()
    funnel = {row[0]: row[1:] for row in table_of(page, "entonnoir")[1:]}
    response = client.get("/donnees/statistiques.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    spread = client.get("/donnees/statistiques-repartition.csv")
    spread_rows = list(csv.DictReader(io.StringIO(b"".join(spread.streaming_content).decode())))

    by_slug = {row["cohort"]: row for row in rows}
    assert set(by_slug) == {world["old"].slug, world["new"].slug}
    for cohort in (world["old"], world["new"]):
        row = by_slug[cohort.slug]
        stages = ("applications", "preselected", "auditioned", "laureates")
        csv_funnel = [row[stage] or "—" for stage in stages]
        assert csv_funnel == funnel[cohort.name]
    assert by_slug[world["new"].slug]["applications_source"] == "calculé"
    assert by_slug[world["old"].slug]["applications_source"] == "publié"
    assert by_slug[world["old"].slug]["preselected_source"] == ""
    themes = {
        (r["cohort"], r["category"]): int(r["challenges"])
        for r in spread_rows
        if r["dimension"] == "theme"
    }
    assert themes == {
        (world["old"].slug, "Justice"): 2,
        (world["new"].slug, "Justice"): 1,
        (world["new"].slug, "Santé"): 1,
    }
    assert sum(themes.values()) == sum(int(row[1]) for row in table_of(page, "themes")[1:])


def test_the_page_is_in_english_under_en(client, world):
    html = client.get("/en/statistiques/").content.decode()

    assert "From application to cohort" in html
    assert "not published" in html
    assert list(charts_of(html))[0] == "entonnoir"
