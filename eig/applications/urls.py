from django.urls import path

from eig.applications import views

app_name = "applications"

urlpatterns = [
    path("candidature/", views.candidature, name="candidature"),
    path("candidature/confidentialite/", views.privacy, name="privacy"),
    # The candidate's space.
    path("espace/candidature/", views.space, name="space"),
    path("espace/candidature/commencer/<int:call_pk>/", views.start, name="start"),
    path("espace/candidature/mes-donnees/", views.data_export, name="data_export"),
    path(
        "espace/candidature/supprimer-mon-compte/",
        views.account_delete,
        name="account_delete",
    ),
    path(
        "espace/candidature/document/<uuid:public_id>/",
        views.document,
        name="document",
    ),
    path("espace/candidature/<int:pk>/", views.detail, name="detail"),
    path("espace/candidature/<int:pk>/deposer/", views.submit, name="submit"),
    path("espace/candidature/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("espace/candidature/<int:pk>/messages/", views.thread, name="messages"),
    path("espace/candidature/<int:pk>/<slug:step>/", views.step, name="step"),
    # The programme team.
    path("gestion/candidatures/", views.staff_list, name="staff_list"),
    path("gestion/candidatures/export.csv", views.staff_export_csv, name="staff_export_csv"),
    path("gestion/candidatures/export.xlsx", views.staff_export_xlsx, name="staff_export_xlsx"),
    path("gestion/candidatures/appels/", views.staff_calls, name="staff_calls"),
    path(
        "gestion/candidatures/appels/nouveau/",
        views.staff_call_create,
        name="staff_call_create",
    ),
    path(
        "gestion/candidatures/appels/<int:pk>/modifier/",
        views.staff_call_edit,
        name="staff_call_edit",
    ),
    path("gestion/candidatures/<int:pk>/", views.staff_detail, name="staff_detail"),
    path(
        "gestion/candidatures/<int:pk>/journal/",
        views.staff_audit_log,
        name="staff_audit_log",
    ),
    path(
        "gestion/candidatures/<int:pk>/etat/",
        views.staff_transition,
        name="staff_transition",
    ),
]
