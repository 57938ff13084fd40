from django.urls import path

from eig.cohortlife import views

app_name = "cohortlife"

urlpatterns = [
    path("statistiques/", views.statistics, name="statistics"),
    path("eig/anciens/", views.alumni, name="alumni"),
    path("espace/promotion/", views.fellow_space, name="fellow_space"),
    path("espace/promotion/etapes/<int:pk>/", views.fellow_tick, name="fellow_tick"),
    path("espace/promotion/profil/", views.fellow_profile, name="fellow_profile"),
    path("gestion/promotions/", views.staff_cohorts, name="staff_cohorts"),
    path("gestion/promotions/<slug:slug>/", views.staff_cohort, name="staff_cohort"),
    path(
        "gestion/promotions/<slug:slug>/accueil/",
        views.staff_onboarding_open,
        name="staff_onboarding_open",
    ),
    path(
        "gestion/promotions/<slug:slug>/etapes/",
        views.staff_checklist_template,
        name="staff_checklist_template",
    ),
    path(
        "gestion/promotions/<slug:slug>/etapes/habituelles/",
        views.staff_checklist_template_default,
        name="staff_checklist_template_default",
    ),
    path(
        "gestion/promotions/<slug:slug>/etapes/<int:pk>/supprimer/",
        views.staff_checklist_template_remove,
        name="staff_checklist_template_remove",
    ),
    path("gestion/promotions/<slug:slug>/rapport/", views.staff_report, name="staff_report"),
    path("gestion/contrats/<int:pk>/", views.staff_contract, name="staff_contract"),
    path("gestion/contrats/<int:pk>/etapes/<int:item_pk>/", views.staff_tick, name="staff_tick"),
    path("gestion/contrats/<int:pk>/compte/", views.staff_account_link, name="staff_account_link"),
    path("gestion/defis/<int:pk>/suivi/", views.staff_challenge, name="staff_challenge"),
    path("gestion/evenements/<int:pk>/presences/", views.attendance, name="attendance"),
]
