"""No page for a logged-in person, and no download of personal data, is kept
by a browser or a shared cache: `Cache-Control: private, no-store`.

`PrivateCacheControlMiddleware` (after the authentication middleware) sets it
on every answer to a logged-in request, and on any answer a view marked with
`personal()` (CVs, exports, a person's own data), unless the answer already
says `no-store`. Anonymous public pages keep their own cacheability
(eig/core/cache.py).
"""

from django.utils.cache import cc_delim_re

PRIVATE = "private, no-store"


def personal(response):
    """Mark an answer as holding personal data (whoever asks): never cached."""
    response.personal_data = True
    response["Cache-Control"] = PRIVATE
    return response


def _no_store(response) -> bool:
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return "no-store" in directives


class PrivateCacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        if (logged_in or getattr(response, "personal_data", False)) and not _no_store(response):
            response["Cache-Control"] = PRIVATE
        return response
