"""The public site's cross-domain pages.

The namespace stays `core`: templates, the legacy tables (eig/core/legacy.py)
and the redirects an import stores name these pages `core:…`.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path
from django.views.decorators.http import require_safe

from eig.accounts.permissions import public
from eig.www.public import health, views
from eig.www.public.sitemaps import SITEMAPS

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    # Public: anyone (crawlers). The index of sections, then each section by page.
    path(
        "sitemap.xml",
        public(require_safe(sitemap_views.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "core:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public(require_safe(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", health.robots_txt, name="robots"),
    path("healthz", health.healthz, name="healthz"),
    # Addresses of the original static site: only paths ending in .html reach it.
    re_path(r"^(?P<path>blog)/$", views.legacy_redirect),
    re_path(r"^(?P<path>.+\.html)$", views.legacy_redirect, name="legacy"),
]
