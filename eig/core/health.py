"""Answers for machines: the health check and robots.txt.

Public: anyone (load balancers, monitoring, crawlers); GET and HEAD only.
"""

import logging

from django.db import DatabaseError, connection
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


@public
@require_safe
@never_cache
def healthz(request):
    """Public: anyone. 200 when the database answers, 503 otherwise."""
    if database_answers():
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "error", "database": "unavailable"}, status=503)


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
