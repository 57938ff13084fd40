from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.core.pagination import breadcrumb, paginate
from eig.events.selectors import event_detail_queryset, past_events, upcoming_events

PERIODS = ("a-venir", "passes")


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


def event_detail(request, slug: str):
    """Public: anyone. A published event: dates (Paris time), place, links, défis presented."""
    event = get_object_or_404(event_detail_queryset(), slug=slug)
    context = {
        "event": event,
        "is_past": event.starts_at < timezone.now(),
        "breadcrumb_data": breadcrumb(event.title, (_("Événements"), reverse("events:list"))),
    }
    return render(request, "events/event_detail.html", context)
