"""The public REST API, mounted at /api/v1/ (outside the language prefix)."""

from django.urls import path, re_path

from eig.api import errors, views

app_name = "api"

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("docs/", views.docs, name="docs"),
    path("cohorts/", views.CohortViewSet.as_view(LIST), name="cohort-list"),
    path("cohorts/<slug:slug>/", views.CohortViewSet.as_view(DETAIL), name="cohort-detail"),
    path("challenges/", views.ChallengeViewSet.as_view(LIST), name="challenge-list"),
    path(
        "challenges/<int:year>/<slug:slug>/",
        views.ChallengeViewSet.as_view(DETAIL),
        name="challenge-detail",
    ),
    path("organizations/", views.OrganizationViewSet.as_view(LIST), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationViewSet.as_view(DETAIL),
        name="organization-detail",
    ),
    path("fellows/", views.FellowViewSet.as_view(LIST), name="fellow-list"),
    path("fellows/<slug:slug>/", views.FellowViewSet.as_view(DETAIL), name="fellow-detail"),
    path("posts/", views.PostViewSet.as_view(LIST), name="post-list"),
    path(
        "posts/<slug:language>/<slug:slug>/",
        views.PostViewSet.as_view(DETAIL),
        name="post-detail",
    ),
    path("events/", views.EventViewSet.as_view(LIST), name="event-list"),
    path("events/<slug:slug>/", views.EventViewSet.as_view(DETAIL), name="event-detail"),
    # Last: any other address under /api/v1/ is a JSON 404, never an HTML page.
    re_path(r"^[\s\S]*$", errors.not_found, name="not-found"),
]
