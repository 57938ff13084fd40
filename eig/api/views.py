"""The public REST API, /api/v1/.

Public: anyone (anonymous), read-only. Every endpoint answers GET, HEAD and
OPTIONS; any other method gets a JSON 405. Objects are addressed by their
slug, as on the public site (a défi by its year and slug, a post by its
language and slug); database ids never appear.
"""

import functools

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from eig.accounts.permissions import public
from eig.api import filters, selectors, serializers
from eig.api.base import CacheHeadersMixin, PublicReadOnlyViewSet
from eig.api.errors import error_body
from eig.cohorts.models import Profile
from eig.content.models import Language

PUBLIC = "Public : tout le monde, sans authentification, en lecture seule."


class FrenchMixin:
    """Answers in French whatever Accept-Language says: one body per URL, so
    that ETags and shared caches stay valid."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().dispatch(request, *args, **kwargs)


def _documented(name: str, plural: str, *, key: str = "slug"):
    return extend_schema_view(
        list=extend_schema(
            summary=f"Liste des {plural}",
            description=f"{PUBLIC} Paginée ({plural} dans un ordre fixe).",
        ),
        retrieve=extend_schema(
            summary=f"Détail {name}",
            description=f"{PUBLIC} L'objet est désigné par {key}.",
        ),
    )


@_documented("d'une promotion", "promotions")
class CohortViewSet(FrenchMixin, PublicReadOnlyViewSet):
    """Public: anyone (anonymous), read-only. Published cohorts."""

    def get_queryset(self):
        return selectors.cohorts(detail=self.action == "retrieve")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CohortDetailSerializer
        return serializers.CohortSerializer


@_documented("d'une administration", "administrations")
class OrganizationViewSet(FrenchMixin, PublicReadOnlyViewSet):
    """Public: anyone (anonymous), read-only. Administrations hosting public défis."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.OrganizationFilter

    def get_queryset(self):
        return selectors.organizations(detail=self.action == "retrieve")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.OrganizationDetailSerializer
        return serializers.OrganizationSerializer


@_documented("d'un défi", "défis", key="son année et son identifiant")
class ChallengeViewSet(FrenchMixin, PublicReadOnlyViewSet):
    """Public: anyone (anonymous), read-only. Published défis of published cohorts."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ChallengeFilter

    def get_queryset(self):
        return selectors.challenges(detail=self.action == "retrieve")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ChallengeDetailSerializer
        return serializers.ChallengeSerializer

    def get_object(self):
        return get_object_or_404(
            self.get_queryset(), year=self.kwargs["year"], slug=self.kwargs["slug"]
        )


@_documented("d'un·e EIG", "EIG au profil public")
class FellowViewSet(FrenchMixin, PublicReadOnlyViewSet):
    """Public: anyone (anonymous), read-only. Fellows who made their profile public."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.FellowFilter

    def get_queryset(self):
        return selectors.fellows(detail=self.action == "retrieve")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.FellowDetailSerializer
        return serializers.FellowSerializer


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter("language", str, OpenApiParameter.PATH, enum=list(Language.values))
        ]
    )
)
@_documented("d'une actualité", "actualités", key="sa langue et son identifiant")
class PostViewSet(FrenchMixin, PublicReadOnlyViewSet):
    """Public: anyone (anonymous), read-only. Published news, in French and English."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.PostFilter

    def get_queryset(self):
        return selectors.posts(detail=self.action == "retrieve")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PostDetailSerializer
        return serializers.PostSerializer

    def get_object(self):
        post = get_object_or_404(
            self.get_queryset(), language=self.kwargs["language"], slug=self.kwargs["slug"]
        )
        post.public_translations = selectors.post_translations(post)
        return post


@_documented("d'un événement", "événements")
class EventViewSet(FrenchMixin, PublicReadOnlyViewSet):
    """Public: anyone (anonymous), read-only. Published events, latest first."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.EventFilter

    def get_queryset(self):
        return selectors.events(detail=self.action == "retrieve")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.EventDetailSerializer
        return serializers.EventSerializer


RESOURCES = {
    "cohorts": "api:cohort-list",
    "challenges": "api:challenge-list",
    "organizations": "api:organization-list",
    "fellows": "api:fellow-list",
    "posts": "api:post-list",
    "events": "api:event-list",
}


@extend_schema(exclude=True)
class RootView(FrenchMixin, CacheHeadersMixin, APIView):
    """Public: anyone (anonymous), read-only. Where each resource lives."""

    permission_classes = (AllowAny,)

    def get(self, request):
        links = {
            name: request.build_absolute_uri(reverse(route)) for name, route in RESOURCES.items()
        }
        links["openapi"] = request.build_absolute_uri(reverse("api:openapi"))
        links["documentation"] = request.build_absolute_uri(reverse("api:docs"))
        return Response(links)


@functools.cache
def openapi_document() -> dict:
    """The OpenAPI 3 document, built once per process (the code does not change)."""
    with translation.override(settings.LANGUAGE_CODE):
        return SchemaGenerator().get_schema(request=None, public=True)


@extend_schema(exclude=True)
class OpenApiView(FrenchMixin, CacheHeadersMixin, APIView):
    """Public: anyone (anonymous), read-only. The OpenAPI 3 document of the API."""

    permission_classes = (AllowAny,)

    def get(self, request):
        return Response(openapi_document())


def _operations(document: dict) -> list[dict]:
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "type": p.get("schema", {}).get("type", ""),
                    "enum": p.get("schema", {}).get("enum", []),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            operations.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return operations


@public
def docs(request):
    """Public: anyone. The API documentation, rendered from its OpenAPI document."""
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse(
            error_body(405, "method_not_allowed", "Méthode non admise : GET ou HEAD."),
            status=405,
        )
        response["Allow"] = "GET, HEAD"
        return response
    document = openapi_document()
    context = {
        "info": document["info"],
        "operations": _operations(document),
        "openapi_url": reverse("api:openapi"),
        "root_url": reverse("api:root"),
        "profiles": Profile.values,
    }
    return render(request, "api/docs.html", context)
