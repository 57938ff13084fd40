from django.urls import path

from eig.selection import views

app_name = "selection"

urlpatterns = [
    # The programme team.
    path("gestion/selection/", views.staff_index, name="staff_index"),
    path("gestion/selection/<int:call_pk>/", views.staff_call, name="staff_call"),
    path(
        "gestion/selection/<int:call_pk>/jury/ajouter/", views.staff_jury_add, name="staff_jury_add"
    ),
    path(
        "gestion/selection/<int:call_pk>/attribution/",
        views.staff_assignment,
        name="staff_assignment",
    ),
    path("gestion/selection/<int:call_pk>/classement/", views.staff_ranking, name="staff_ranking"),
    path(
        "gestion/selection/<int:call_pk>/candidatures/<int:pk>/",
        views.staff_application,
        name="staff_application",
    ),
    path(
        "gestion/selection/<int:call_pk>/candidatures/<int:pk>/ajouter/",
        views.staff_assignment_add,
        name="staff_assignment_add",
    ),
    path(
        "gestion/selection/<int:call_pk>/candidatures/<int:pk>/retirer/<int:assignment_pk>/",
        views.staff_assignment_remove,
        name="staff_assignment_remove",
    ),
    path(
        "gestion/selection/<int:call_pk>/candidatures/<int:pk>/conflit/",
        views.staff_conflict_add,
        name="staff_conflict_add",
    ),
    path("gestion/selection/notes/<int:pk>/", views.staff_note_add, name="staff_note_add"),
    # The reviewers.
    path("espace/evaluations/", views.reviewer_list, name="reviewer_list"),
    path("espace/evaluations/<int:pk>/", views.review, name="review"),
    path("espace/evaluations/<int:pk>/discussion/", views.review_message, name="review_message"),
    path("espace/evaluations/conflits/<int:call_pk>/", views.conflicts, name="conflicts"),
    path(
        "espace/evaluations/conflits/<int:call_pk>/<int:pk>/",
        views.conflict_declare,
        name="conflict_declare",
    ),
]
