from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import login_required, public, role_required
from eig.audit.services import export_audited
from eig.core.dates import paris_datetime
from eig.core.exports import csv_stream
from eig.core.pagination import breadcrumb, paginate
from eig.events import services
from eig.events.forms import EventForm, RegistrationForm
from eig.events.models import Event, EventKind, Registration, RegistrationStatus
from eig.events.selectors import (
    event_attendees,
    event_detail_queryset,
    past_events,
    registration_of,
    staff_events,
    upcoming_events,
    waiting_rank,
)
from eig.security import ratelimit

PERIODS = ("a-venir", "passes")
# Each registration e-mails the address typed: limited per client and per recipient
# (settings.EIG_RATE_LIMITS), so that the form cannot relay mail to anyone.
REGISTRATION_SCOPE = "event_registration"


@public
def event_list(request):
    """Public: anyone. Upcoming events, or past ones with `?periode=passes` (paginated)."""
    now = timezone.now()
    period = request.GET.get("periode")
    if period not in PERIODS:
        period = "a-venir"
    events = upcoming_events(now) if period == "a-venir" else past_events(now)
    context = {
        "period": period,
        "page_obj": paginate(request, events, 12),
        "recent_past": list(past_events(now)[:3]) if period == "a-venir" else [],
        "breadcrumb_data": breadcrumb(_("Événements")),
    }
    return render(request, "events/event_list.html", context)


@public
def event_detail(request, slug: str):
    """Public: anyone. A published event: dates (Paris time), place, links, défis
    presented, and the registration form while registration is open."""
    event = get_object_or_404(event_detail_queryset(), slug=slug)
    return _event_page(request, event)


def _event_page(request, event: Event, form: RegistrationForm | None = None, status: int = 200):
    now = timezone.now()
    registration = registration_of(event, request.user) if event.registration_enabled else None
    context = {
        "event": event,
        "is_past": event.starts_at < now,
        "registration_open": services.registration_is_open(event, now),
        "places": services.event_places(event) if event.registration_enabled else None,
        "my_registration": registration,
        "my_rank": waiting_rank(registration) if registration else None,
        "form": form or RegistrationForm(user=request.user),
        "breadcrumb_data": breadcrumb(event.title, (_("Événements"), reverse("events:list"))),
    }
    return render(request, "events/event_detail.html", context, status=status)


@public
@require_POST
def event_register(request, slug: str):
    """Public: anyone. Register to an event open to registration on this site."""
    event = get_object_or_404(event_detail_queryset(), slug=slug)
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        return _event_page(request, event, form=form, status=400)
    refusal = ratelimit.rate_limit(request, REGISTRATION_SCOPE, account=form.cleaned_data["email"])
    if refusal is not None:
        # The form again, as typed, with when to try again.
        form.add_error(
            None,
            _(
                "Trop de demandes d'inscription depuis votre connexion ou vers cette adresse "
                "e-mail. Réessayez dans %(minutes)d minute(s)."
            )
            % {"minutes": refusal.wait_minutes},
        )
        response = _event_page(request, event, form=form, status=429)
        for name, value in refusal.headers().items():
            response[name] = value
        return response
    try:
        result = services.registration_request(
            event=event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            user=request.user,
        )
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect(event)
    registration = result.registration
    if registration.user_id and registration.user_id == request.user.pk:
        messages.success(request, _state_message(registration))
    else:
        messages.info(
            request,
            _(
                "Un message a été envoyé à %(email)s : suivez le lien qu'il contient pour "
                "confirmer votre inscription."
            )
            % {"email": form.cleaned_data["email"]},
        )
    return redirect(event)


def _state_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _(
            "Votre inscription est confirmée. L'invitation (.ics) vous a été envoyée par e-mail."
        )
    if registration.status == RegistrationStatus.WAITING:
        return _(
            "L'événement est complet : vous êtes sur la liste d'attente, au rang %(rank)s. "
            "Vous recevrez un e-mail si une place se libère."
        ) % {"rank": waiting_rank(registration)}
    return _("Votre inscription est enregistrée.")


def _link_error(request, error: services.RegistrationError):
    return render(request, "events/registration_link.html", {"error": error.message}, status=400)


@public
def registration_confirm(request, token: str):
    """Public: whoever holds the link sent to the address. GET shows a button
    (mail scanners follow links); POST confirms."""
    try:
        registration = services.registration_from_confirm_token(token)
    except services.RegistrationError as error:
        return _link_error(request, error)
    error = None
    if request.method == "POST":
        try:
            registration = services.registration_confirm(registration=registration)
        except services.RegistrationError as exc:
            error = exc.message
    context = {
        "registration": registration,
        "event": registration.event,
        "rank": waiting_rank(registration),
        "error": error,
        "action": "confirm",
    }
    return render(request, "events/registration_link.html", context)


@public
def registration_cancel(request, token: str):
    """Public: whoever holds the link sent to the address. GET asks, POST cancels."""
    try:
        registration = services.registration_from_cancel_token(token)
    except services.RegistrationError as error:
        return _link_error(request, error)
    if request.method == "POST" and registration.status != RegistrationStatus.CANCELLED:
        registration = services.registration_cancel(registration=registration)
    context = {
        "registration": registration,
        "event": registration.event,
        "rank": waiting_rank(registration),
        "action": "cancel",
    }
    return render(request, "events/registration_link.html", context)


@login_required
@require_POST
def event_unregister(request, slug: str):
    """Logged-in: cancel one's own registration from the event's page."""
    event = get_object_or_404(event_detail_queryset(), slug=slug)
    registration = registration_of(event, request.user)
    if registration is not None:
        services.registration_cancel(registration=registration)
        messages.success(request, _("Votre inscription est annulée."))
    return redirect(event)


# The programme team ---------------------------------------------------------------


@role_required(Role.STAFF)
def staff_event_list(request):
    """Staff: every event with its registrations and the way to its attendee list."""
    page = paginate(request, staff_events(), 30)
    return render(request, "events/staff_event_list.html", {"page_obj": page})


@role_required(Role.STAFF)
def staff_event_edit(request, pk: int | None = None):
    """Staff: create or edit an event; added places go to the waiting list at once."""
    event = get_object_or_404(Event, pk=pk) if pk else None
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        promoted = services.event_fill_places(event=event)
        messages.success(request, _("Événement enregistré."))
        if promoted:
            messages.info(
                request,
                _("%(n)s personne(s) de la liste d'attente ont obtenu une place.")
                % {"n": len(promoted)},
            )
        if event.registration_enabled:
            return redirect("events:staff_attendees", pk=event.pk)
        if event.kind in (EventKind.MENTORING, EventKind.GATHERING):
            return redirect("cohortlife:attendance", pk=event.pk)
        return redirect("events:staff_edit", pk=event.pk)
    return render(request, "events/staff_event_form.html", {"form": form, "event": event})


@role_required(Role.STAFF)
def staff_attendees(request, pk: int):
    """Staff: the registrations of an event, in order, with their state."""
    event = get_object_or_404(Event.objects.select_related("cohort"), pk=pk)
    context = {
        "event": event,
        "places": services.event_places(event),
        "page_obj": paginate(request, event_attendees(event), 100),
    }
    return render(request, "events/staff_attendees.html", context)


ATTENDEES_CSV_HEADER = [
    "rang",
    "etat",
    "nom",
    "email",
    "compte",
    "demande_le",
    "placee_le",
    "sortie_liste_attente_le",
    "annulee_le",
]


def _csv_date(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


@role_required(Role.STAFF)
def staff_attendees_csv(request, pk: int):
    """Staff: the registrations of an event as CSV (streamed, Paris time)."""
    event = get_object_or_404(Event, pk=pk)
    attendees = event_attendees(event)
    export_audited(
        actor=request.user, export="event_attendees_csv", rows=attendees.count(), target=event
    )
    registrations = attendees.iterator(chunk_size=500)

    def rows():
        for registration in registrations:
            yield [
                registration.position or "",
                registration.status,
                registration.name,
                registration.email,
                "oui" if registration.user_id else "non",
                _csv_date(registration.created_at),
                _csv_date(registration.placed_at),
                _csv_date(registration.promoted_at),
                _csv_date(registration.cancelled_at),
            ]

    response = StreamingHttpResponse(
        csv_stream(ATTENDEES_CSV_HEADER, rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="inscrits-{event.slug}.csv"'
    return response


@role_required(Role.STAFF)
@require_POST
def staff_registration_cancel(request, pk: int, registration_pk: int):
    """Staff: cancel someone's registration (the person is told by e-mail)."""
    registration = get_object_or_404(Registration, pk=registration_pk, event_id=pk)
    services.registration_cancel(registration=registration)
    messages.success(
        request,
        _("Inscription de %(name)s annulée (%(when)s).")
        % {"name": registration.name, "when": paris_datetime(timezone.now())},
    )
    return redirect("events:staff_attendees", pk=pk)
