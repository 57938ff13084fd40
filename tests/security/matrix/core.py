"""The web layer's own pages (eig/www): the home page, sitemaps, the original
site's addresses, robots and health, the personal space, the back office's
home; and the language switch."""

from tests.security.matrix import Row, everyone, logged_in, private


def _beating(name: str) -> str:
    """Beat again just before the request: the module's world may be older than
    HEALTH_HEARTBEAT_MAX_AGE by the time this row comes (the whole matrix on
    PostgreSQL takes longer than three minutes)."""
    from django.urls import reverse

    from eig.scheduling.services import beat

    beat("worker")
    beat("scheduler")
    return reverse(name)


def extend_world(world):
    """/healthz answers 200 only while the task worker and the scheduler beat."""
    from eig.scheduling.services import beat

    beat("worker")
    beat("scheduler")


ROWS = {
    "core:home": Row(everyone(200)),
    "core:sitemap": Row(everyone(200)),
    "core:sitemap_section": Row(everyone(200), kwargs={"section": "defis"}),
    # A page of the original static site, permanently moved.
    "core:legacy": Row(everyone(301), kwargs={"path": "presentation.html"}),
    # The unnamed /blog/ address of the original site.
    "core:^(?P<path>blog)/$": Row(everyone(301), path=lambda w: "/blog/"),
    "core:robots": Row(everyone(200)),
    "core:healthz": Row(everyone(200), path=lambda w: _beating("core:healthz")),
    "espace:home": Row(logged_in(200)),
    "gestion:home": Row(private(staff=200)),
    # Django's language switch (no CSRF token: see eig/urls.py).
    "set_language": Row(everyone(302), "post", data={"language": "en", "next": "/"}),
    # Development only (DEBUG): uploaded media, as downloads (eig/security/views.py).
    "^media/(?P<path>.*)$": Row(everyone(404), path=lambda w: "/media/absent.pdf", optional=True),
}
