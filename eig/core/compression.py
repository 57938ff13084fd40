"""Gzip for the pages and other text answers of the site (HTML, JSON, CSV, feeds).

Django's GZipMiddleware, restricted to text: binary answers (XLSX exports,
uploaded documents, images) are already compressed or not worth it, and keep
their Content-Length. Static files never reach it: WhiteNoise, above it in
MIDDLEWARE, answers them with its own precompressed copies.

BREACH: Django's GZipMiddleware pads each compressed answer with random bytes,
the CSRF token is masked anew on each answer, and the CSP nonce is fresh each
time, so no secret repeats across answers for an attacker to guess at.
"""

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/xhtml+xml",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    """Compresses an answer whose Content-Type is text, for a client that accepts gzip."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(TEXT_TYPES):
            return response
        return super().process_response(request, response)
