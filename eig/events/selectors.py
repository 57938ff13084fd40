"""Reads of the events for the public pages."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from eig.challenges.models import Challenge
from eig.events.models import Event, Registration, RegistrationStatus


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


# Registrations -------------------------------------------------------------------


def registration_of(event: Event, user) -> Registration | None:
    """The live registration of a logged-in person (by account or by address)."""
    if not user.is_authenticated:
        return None
    return (
        event.registrations.live()
        .filter(Q(user=user) | Q(email=user.email.lower()))
        .order_by("created_at")
        .first()
    )


def waiting_rank(registration: Registration) -> int | None:
    """1 for the first person on the waiting list."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    return (
        Registration.objects.waiting()
        .filter(event_id=registration.event_id, position__lte=registration.position)
        .count()
    )


def staff_events() -> QuerySet[Event]:
    """Every event, newest first, with its registrations counted (for the team)."""
    return (
        Event.objects.select_related("cohort")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )
        .order_by("-starts_at", "pk")
    )


def event_attendees(event: Event) -> QuerySet[Registration]:
    """Confirmed, then waiting (in order), then pending and cancelled registrations."""
    order = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITING, then=Value(1)),
        When(status=RegistrationStatus.PENDING, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        event.registrations.select_related("user")
        .annotate(status_order=order)
        .order_by("status_order", "position", "created_at", "pk")
    )
