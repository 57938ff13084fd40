"""Date filters every template has (a builtin, see TEMPLATES in eig/settings.py).

`{{ value|date_fr }}` "1er décembre 2026", `{{ value|datetime_fr }}`
"1er décembre 2026 à 23 h 59", `{{ value|time_fr }}` "23 h 59" — English on
/en/ pages. Optional argument: "l" adds the weekday, "s" the seconds
(`{{ value|datetime_fr:"ls" }}`). Formats live in eig/core/dates.py only.
"""

from django import template

from eig.core import dates

register = template.Library()


@register.filter
def date_fr(value, options: str = "") -> str:
    return dates.format_date(value, weekday="l" in options)


@register.filter
def datetime_fr(value, options: str = "") -> str:
    return dates.format_datetime(value, weekday="l" in options, seconds="s" in options)


@register.filter
def time_fr(value, options: str = "") -> str:
    return dates.format_time(value, seconds="s" in options)
