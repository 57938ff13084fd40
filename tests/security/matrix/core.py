"""The home page, sitemaps, the original site's addresses, the language switch."""

from tests.security.matrix import Row, everyone

ROWS = {
    "core:home": Row(everyone(200)),
    "core:sitemap": Row(everyone(200)),
    "core:sitemap_section": Row(everyone(200), kwargs={"section": "defis"}),
    # A page of the original static site, permanently moved.
    "core:legacy": Row(everyone(301), kwargs={"path": "presentation.html"}),
    # The unnamed /blog/ address of the original site.
    "core:^(?P<path>blog)/$": Row(everyone(301), path=lambda w: "/blog/"),
    # Django's language switch (no CSRF token: see eig/urls.py).
    "set_language": Row(everyone(302), "post", data={"language": "en", "next": "/"}),
    # Development only (DEBUG): uploaded media, as downloads (eig/security/views.py).
    "^media/(?P<path>.*)$": Row(everyone(404), path=lambda w: "/media/absent.pdf", optional=True),
}
