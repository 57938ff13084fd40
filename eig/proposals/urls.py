from django.urls import path

from eig.proposals import views

app_name = "proposals"

urlpatterns = [
    path("appel-a-projets/", views.call_public, name="call_public"),
    path("espace/propositions/", views.agent_list, name="agent_list"),
    path("espace/propositions/nouvelle/", views.agent_create, name="agent_create"),
    path("espace/propositions/<int:pk>/", views.agent_detail, name="agent_detail"),
    path("espace/propositions/<int:pk>/deposer/", views.agent_submit, name="agent_submit"),
    path("espace/propositions/<int:pk>/<slug:step>/", views.agent_step, name="agent_step"),
    path("espace/jury/", views.jury_list, name="jury_list"),
    path("espace/jury/<int:pk>/", views.jury_review, name="jury_review"),
    path("espace/jury/<int:pk>/conflit/", views.jury_conflict, name="jury_conflict"),
    path("gestion/appels/nouveau/", views.staff_call_create, name="staff_call_create"),
    path("gestion/appels/<int:pk>/", views.staff_call, name="staff_call"),
    path("gestion/appels/<int:pk>/modifier/", views.staff_call_edit, name="staff_call_edit"),
    path("gestion/appels/<int:pk>/budget.csv", views.staff_call_budget_csv, name="staff_call_csv"),
    path("gestion/propositions/<int:pk>/", views.staff_proposal, name="staff_proposal"),
    path(
        "gestion/propositions/<int:pk>/jury/",
        views.staff_proposal_assign,
        name="staff_proposal_assign",
    ),
    path(
        "gestion/propositions/<int:pk>/etat/",
        views.staff_proposal_transition,
        name="staff_proposal_transition",
    ),
]
