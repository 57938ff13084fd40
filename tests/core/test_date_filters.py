"""The one place for date formats: eig/core/dates.py and its template filters."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_first_of_the_month_is_1er(french):
    assert render("{{ d|date_fr }}", d=dt.date(2026, 12, 1)) == "1er décembre 2026"


def test_other_days_are_plain_numbers(french):
    assert render("{{ d|date_fr }}", d=dt.date(2026, 12, 2)) == "2 décembre 2026"


def test_datetime_and_time_in_paris_with_h(french):
    moment = dt.datetime(2026, 12, 1, 22, 59, tzinfo=UTC)  # 23:59 in Paris (winter)

    assert render("{{ m|datetime_fr }}", m=moment) == "1er décembre 2026 à 23 h 59"
    assert render("{{ m|time_fr }}", m=moment) == "23 h 59"


def test_midnight_in_paris_is_the_next_day(french):
    moment = dt.datetime(2026, 11, 30, 23, 0, tzinfo=UTC)

    assert render("{{ m|datetime_fr }}", m=moment) == "1er décembre 2026 à 0 h 00"
    assert render("{{ m|date_fr }}", m=moment) == "1er décembre 2026"


def test_summer_time_is_utc_plus_2(french):
    before = dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 1 h 30, UTC+1
    after = dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 3 h 30, UTC+2

    assert render("{{ m|time_fr }}", m=before) == "1 h 30"
    assert render("{{ m|time_fr }}", m=after) == "3 h 30"


def test_weekday_and_seconds_options(french):
    moment = dt.datetime(2026, 12, 1, 8, 5, 7, tzinfo=PARIS)

    assert render('{{ m|datetime_fr:"l" }}', m=moment) == "mardi 1er décembre 2026 à 8 h 05"
    assert render('{{ m|datetime_fr:"s" }}', m=moment) == "1er décembre 2026 à 8 h 05 min 07 s"


def test_english_pages_get_english_dates(english):
    moment = dt.datetime(2026, 12, 1, 22, 59, tzinfo=UTC)

    assert render("{{ d|date_fr }}", d=dt.date(2026, 12, 1)) == "1 December 2026"
    assert render("{{ m|time_fr }}", m=moment) == "11:59 p.m."
    assert "1 December 2026" in render("{{ m|datetime_fr }}", m=moment)
    assert "1er" not in render("{{ m|datetime_fr }}", m=moment)


def test_empty_values_give_an_empty_string(french):
    assert render("{{ v|date_fr }}{{ v|datetime_fr }}{{ v|time_fr }}", v=None) == ""


def test_french_date_for_e_mails_is_french_whatever_the_language(english):
    from eig.core.dates import french_date

    assert french_date(dt.date(2019, 1, 1)) == "1er janvier 2019"


def test_no_template_uses_a_raw_date_format():
    from pathlib import Path

    from django.conf import settings

    roots = [Path(settings.BASE_DIR) / "eig"]
    offenders = [
        str(path)
        for root in roots
        for path in root.rglob("*")
        if path.suffix in {".html", ".txt"}
        and ('|date:"j' in path.read_text() or '|date:"l' in path.read_text())
    ]
    assert offenders == []
