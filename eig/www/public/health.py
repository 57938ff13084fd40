"""Answers for machines: the health check and robots.txt.

Public: anyone (load balancers, monitoring, crawlers); GET and HEAD only.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from eig.accounts.permissions import public

logger = logging.getLogger(__name__)

# Private spaces, in French at the root and in English under /en/.
ROBOTS_DISALLOW = ["/admin/", "/gestion/", "/espace/", "/compte/"]


def database_answers() -> bool:
    """Run a trivial query; False when the database cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return False
    return True


def background_health(*, max_age: int) -> tuple[dict, list[str]]:
    """The worker's and the scheduler's heartbeats and the e-mails waiting or
    failed; with the reasons the platform is unhealthy (a heartbeat older
    than `max_age` seconds, or none)."""
    from eig.mail.models import Email, EmailState
    from eig.scheduling.services import SCHEDULER, WORKER, heartbeat_ages

    answer, reasons = {}, []
    for name, age in heartbeat_ages([WORKER, SCHEDULER]).items():
        if age is None:
            state = "never"
            reasons.append(f"{name}: no heartbeat ever recorded")
        elif age > max_age:
            state = "stale"
            reasons.append(f"{name}: last heartbeat {age:.0f} s ago (limit {max_age} s)")
        else:
            state = "ok"
        answer[name] = {
            "state": state,
            "last_heartbeat_age_seconds": None if age is None else round(age, 1),
            "max_age_seconds": max_age,
        }
    counts = dict(
        Email.objects.filter(state__in=[EmailState.QUEUED, EmailState.SENDING, EmailState.FAILED])
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    answer["emails"] = {
        "waiting": counts.get(EmailState.QUEUED, 0) + counts.get(EmailState.SENDING, 0),
        "failed": counts.get(EmailState.FAILED, 0),
    }
    return answer, reasons


@public
@require_safe
@never_cache
def healthz(request):
    """Public: anyone. JSON: the database, the age of the task worker's and the
    scheduler's last heartbeat, the e-mails waiting or failed. 503 when the
    database does not answer or a heartbeat is older than
    HEALTH_HEARTBEAT_MAX_AGE seconds (docs/operations.md). `?scope=web` checks
    this web process and its database only (for the load balancer)."""
    if not database_answers():
        return JsonResponse(
            {"status": "error", "database": "unavailable", "reasons": ["database: unavailable"]},
            status=503,
        )
    answer = {"status": "ok", "database": "ok"}
    if request.GET.get("scope") == "web":
        return JsonResponse(answer)
    try:
        background, reasons = background_health(max_age=settings.HEALTH_HEARTBEAT_MAX_AGE)
    except DatabaseError:
        logger.exception("Health check: the heartbeats cannot be read.")
        background, reasons = {}, ["database: the heartbeats cannot be read"]
    answer.update(background)
    answer["reasons"] = reasons
    if reasons:
        answer["status"] = "error"
        return JsonResponse(answer, status=503)
    return JsonResponse(answer)


@public
@require_safe
def robots_txt(request):
    """Public: anyone. Crawl the public site, not the private spaces."""
    lines = ["User-agent: *", "Allow: /"]
    for path in ROBOTS_DISALLOW:
        lines.append(f"Disallow: {path}")
        lines.append(f"Disallow: /en{path}")
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
