"""The Content Security Policy header, with a fresh nonce on every answer.

`CSPMiddleware` sits *outside* the public page cache (see MIDDLEWARE and
docs/architecture.md, "Content Security Policy and the page cache"): every
answer, served from the cache or not, gets its header, and so its own nonce,
here. No page of the site has an inline script: DSFR's scripts and ours are
static files, allowed by 'self'. The nonce is there for the day a template
needs an inline script (`<script nonce="{{ request.csp_nonce }}">`): such a
page is never stored by the page cache (`response_is_cacheable` refuses a
page that read its nonce), so a nonce is never served twice.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, but the header always carries a new nonce.

    django-csp adds the nonce only when the page read `request.csp_nonce`;
    here every answer has one, so the policy has the same shape everywhere
    and a cached page (which holds no nonce) still gets a fresh one.
    """

    def process_response(self, request, response):
        if response.has_header("Content-Security-Policy"):
            return super().process_response(request, response)
        self._make_nonce(request)
        return super().process_response(request, response)


def page_used_nonce(request) -> bool:
    """Whether the page being rendered read `request.csp_nonce` (it holds a nonce)."""
    return isinstance(getattr(request, "_csp_nonce", None), str)
