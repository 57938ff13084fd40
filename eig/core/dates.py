"""Dates as the site writes them — the one place for date and time formats.

French: "1er décembre 2026", "1er décembre 2026 à 23 h 59", "23 h 59".
English: "1 December 2026", "1 December 2026 at 11:59 p.m.", "11:59 p.m.".
Aware datetimes are shown in Europe/Paris time; the language is the active one
(`translation.get_language()`), except `french_date`, always French (e-mails).
Templates use the `date_fr`, `datetime_fr` and `time_fr` filters
(eig/core/templatetags/eig_dates.py, a template builtin).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

PARIS = ZoneInfo("Europe/Paris")


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value, PARIS)
    return value


def _is_french() -> bool:
    return (translation.get_language() or "fr").split("-")[0] == "fr"


def format_date(value: date | datetime | None, *, weekday: bool = False) -> str:
    """ "1er décembre 2026" (French), "1 December 2026" (English); "" for None."""
    if value is None or value == "":
        return ""
    local = _local(value)
    if _is_french():
        day = "1er" if local.day == 1 else str(local.day)
        text = f"{day} {date_format(local, 'F Y')}"
    else:
        text = date_format(local, "j F Y")
    if weekday:
        text = f"{date_format(local, 'l')} {text}"
    return text


def format_time(value: datetime | None, *, seconds: bool = False) -> str:
    """ "23 h 59" (French), "11:59 p.m." (English); "" for None."""
    if value is None or value == "":
        return ""
    local = _local(value)
    if seconds:
        if _is_french():
            return date_format(local, "G \\h i \\m\\i\\n s \\s")
        return date_format(local, "g:i:s a")
    return date_format(local, pgettext("time of day", "G \\h i"))


def format_datetime(value: datetime | None, *, weekday: bool = False, seconds: bool = False) -> str:
    """ "1er décembre 2026 à 23 h 59" in the active language; "" for None."""
    if value is None or value == "":
        return ""
    return gettext("%(date)s à %(time)s") % {
        "date": format_date(value, weekday=weekday),
        "time": format_time(value, seconds=seconds),
    }


def paris_datetime(value: datetime) -> str:
    """ "15 octobre 2018 à 23 h 59" in the active language, Europe/Paris time."""
    return format_datetime(value)


def paris_time(value: datetime) -> str:
    """ "23 h 59" (French), "11:59 p.m." (English)."""
    return format_time(value)


def french_date(value) -> str:
    """ "1er janvier 2019" whatever the active language (for e-mails); "" for None."""
    with translation.override("fr"):
        return format_date(value)


def french_datetime(value) -> str:
    """ "1er janvier 2019 à 9 h 00" whatever the active language (for e-mails)."""
    with translation.override("fr"):
        return format_datetime(value)
