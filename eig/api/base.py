"""What every endpoint of the public API shares.

Public: anyone, anonymous, read-only. Lists are paginated by page number with
a fixed ordering ending on a unique key, so that the same page always holds
the same records. Successful answers carry an ETag (a hash of the body; a
matching `If-None-Match` gets 304) and `Cache-Control: public`.
"""

from django.utils.cache import get_conditional_response, set_response_etag
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from eig.opendata.public import mask_emails

API_MAX_AGE = 300
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PagePagination(PageNumberPagination):
    """Page-number pagination that refuses what it cannot honour (400, not a guess)."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = f"Nombre de résultats par page (de 1 à {MAX_PAGE_SIZE})."
    page_query_description = "Numéro de la page, à partir de 1."

    def _positive(self, request, name: str, *, default: int, maximum: int | None = None) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
            bound = f" et {maximum}" if maximum is not None else ""
            message = f"Un entier entre 1{bound} est attendu." if bound else "Un entier ≥ 1."
            raise ValidationError({name: [message]})
        return int(raw)

    def get_page_size(self, request):
        return self._positive(
            request, self.page_size_query_param, default=self.page_size, maximum=MAX_PAGE_SIZE
        )

    def paginate_queryset(self, queryset, request, view=None):
        self._positive(request, self.page_query_param, default=1)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = MAX_PAGE_SIZE
        return parameters


def masked(data):
    """The data with the e-mail addresses of every string masked."""
    if isinstance(data, str):
        return mask_emails(data)
    if isinstance(data, dict):
        return {key: masked(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [masked(item) for item in data]
    return data


class PublicJSONRenderer(JSONRenderer):
    """JSON with no e-mail address in it: imported texts sometimes quote one."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return super().render(masked(data), accepted_media_type, renderer_context)


def _etag_and_304(request, response):
    """After rendering: hash the body into an ETag, answer 304 when it matches."""
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


class CacheHeadersMixin:
    """Cache-Control on every answer; ETag and conditional GET on successes."""

    renderer_classes = [PublicJSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["Cache-Control"] = f"public, max-age={API_MAX_AGE}"
            response["Access-Control-Allow-Origin"] = "*"
            django_request = request._request
            response.add_post_render_callback(lambda r: _etag_and_304(django_request, r))
        else:
            response["Cache-Control"] = "no-cache"
        return response


@extend_schema_serializer(many=False)
class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="Code HTTP.")
    error = serializers.CharField(help_text="Code de l'erreur (not_found, invalid…).")
    detail = serializers.CharField(help_text="Message lisible.")
    fields = serializers.DictField(
        required=False, help_text="Pour une erreur 400 : le message de chaque paramètre invalide."
    )


class PublicSchema(AutoSchema):
    """Documents the JSON errors every operation of the API may answer."""

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction=direction)
        codes = ("400", "404") if self._is_list_view() else ("404",)
        for code in codes:
            bodies.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return bodies


class PublicReadOnlyViewSet(CacheHeadersMixin, viewsets.ReadOnlyModelViewSet):
    """Public: anyone (anonymous), read-only: GET, HEAD, OPTIONS; others get 405."""

    permission_classes = (AllowAny,)  # public, read-only (the router allows GET/HEAD/OPTIONS)
    pagination_class = PagePagination
    schema = PublicSchema()
    lookup_field = "slug"
