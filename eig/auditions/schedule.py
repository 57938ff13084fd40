"""Audition slots of a series: plain dates and times in, plain times out.

The series is laid out in local (Europe/Paris) wall-clock time: on each day,
slots of `duration` follow each other with `pause` between them, the first
starting at `first`, the last ending at `last` at the latest. The service
makes the times aware in Europe/Paris, so a series on a daylight-saving day
still starts at the hour announced.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta


class SeriesError(ValueError):
    pass


MAX_SLOTS = 500


def series_times(
    *, days: Iterable[date], first: time, last: time, duration: timedelta, pause: timedelta
) -> list[tuple[datetime, datetime]]:
    """[(start, end)] naive local datetimes, day by day, in order."""
    if duration <= timedelta(0):
        raise SeriesError("duration")
    if pause < timedelta(0):
        raise SeriesError("pause")
    if last <= first:
        raise SeriesError("last")
    slots = []
    for day in sorted(set(days)):
        start = datetime.combine(day, first)
        end_of_day = datetime.combine(day, last)
        while start + duration <= end_of_day:
            slots.append((start, start + duration))
            start += duration + pause
            if len(slots) > MAX_SLOTS:
                raise SeriesError("too_many")
    return slots
