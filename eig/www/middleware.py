"""Old addresses of the imported sites, answered on a 404 (see
eig/importer/redirects.py): the new site's own pages always win."""

from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import get_language

from eig.importer.models import Redirect


def candidates(path: str) -> list[str]:
    """The stored forms `path` may have: with and without the English prefix,
    in lower case (the current site's addresses are), with and without the
    final slash."""
    forms = [path]
    if path == "/en" or path.startswith("/en/"):
        forms.append(path[3:] or "/")
    forms += [form.lower() for form in forms]
    found = []
    for form in forms:
        found.append(form)
        found.append(form.rstrip("/") if form.endswith("/") else form + "/")
    return [form for form in dict.fromkeys(found) if form]


class LegacyRedirectMiddleware:
    """A 404 to GET or HEAD whose address an import knows: 301 to the new page
    (one query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        forms = candidates(request.path_info)
        found = sorted(
            Redirect.objects.filter(old_path__in=forms).values_list(
                "old_path", "url_name", "url_kwargs", "target_path", "language"
            ),
            key=lambda row: forms.index(row[0]),
        )
        if not found:
            return response
        _old, url_name, kwargs, target_path, language = found[0]
        if not url_name:
            return HttpResponsePermanentRedirect(target_path)
        with translation.override(language or get_language()):
            try:
                target = reverse(url_name, kwargs=kwargs)
            except NoReverseMatch:
                return response
        return HttpResponsePermanentRedirect(target)
