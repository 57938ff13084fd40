"""Old addresses of the imported sites, answered on a 404 (see
eig/importer/redirects.py): the new site's own pages always win."""

from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import get_language

from eig.core.legacy import redirect_candidates as candidates
from eig.importer.models import Redirect


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
