"""Reads of the events for the public pages."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from eig.challenges.models import Challenge
from eig.events.models import Event


def upcoming_events(now=None) -> QuerySet[Event]:
    return Event.objects.published().select_related("cohort").upcoming(now or timezone.now())


def past_events(now=None) -> QuerySet[Event]:
    return Event.objects.published().select_related("cohort").past(now or timezone.now())


def event_detail_queryset() -> QuerySet[Event]:
    return (
        Event.objects.published()
        .select_related("cohort")
        .prefetch_related(
            Prefetch(
                "challenges",
                queryset=Challenge.objects.published()
                .select_related("cohort", "organization", "organization__parent")
                .prefetch_related("skills", "themes")
                .order_by("title"),
            )
        )
    )
