from django.urls import path

from eig.teams import views

app_name = "teams"

urlpatterns = [
    path("gestion/equipes/", views.index, name="index"),
    path("gestion/equipes/<slug:slug>/", views.cohort, name="cohort"),
    path("gestion/equipes/<slug:slug>/lancer/", views.run_create, name="run_create"),
    path("gestion/equipes/<slug:slug>/essais/<int:number>/", views.run, name="run"),
    path(
        "gestion/equipes/<slug:slug>/essais/<int:number>/confirmer/",
        views.run_confirm,
        name="run_confirm",
    ),
    path("gestion/equipes/<slug:slug>/regles/", views.rule_create, name="rule_create"),
    path(
        "gestion/equipes/<slug:slug>/regles/<int:pk>/retirer/",
        views.rule_delete,
        name="rule_delete",
    ),
]
