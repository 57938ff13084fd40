"""Dates as the public pages write them: French format, Europe/Paris time."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

PARIS = ZoneInfo("Europe/Paris")


def paris_datetime(value: datetime) -> str:
    """ "15 octobre 2018 à 23 h 59" in the active language, Europe/Paris time."""
    local = timezone.localtime(value, PARIS)
    return gettext("%(date)s à %(time)s") % {
        "date": date_format(local, "j F Y"),
        "time": paris_time(local),
    }


def paris_time(value: datetime) -> str:
    """ "23 h 59" (French), "11:59 p.m." (English)."""
    local = timezone.localtime(value, PARIS)
    return date_format(local, pgettext("time of day", "G \\h i"))


def french_date(value) -> str:
    """ "14 janvier 2019" whatever the active language (for e-mails); "" for None."""
    if value is None:
        return ""
    with translation.override("fr"):
        return date_format(value, "j F Y")
