from django.urls import path

from eig.auditions import views

app_name = "auditions"

urlpatterns = [
    # The programme team: slots, panels, invitations.
    path("gestion/auditions/", views.staff_index, name="staff_index"),
    path("gestion/auditions/<int:call_pk>/", views.staff_slots, name="staff_slots"),
    path("gestion/auditions/<int:call_pk>/serie/", views.staff_series, name="staff_series"),
    path(
        "gestion/auditions/<int:call_pk>/creneau/",
        views.staff_slot_create,
        name="staff_slot_create",
    ),
    path("gestion/auditions/<int:call_pk>/jurys/", views.staff_panel, name="staff_panel"),
    path("gestion/auditions/<int:call_pk>/inviter/", views.staff_invite, name="staff_invite"),
    path("gestion/auditions/creneaux/<int:pk>/", views.staff_slot_edit, name="staff_slot_edit"),
    path(
        "gestion/auditions/creneaux/<int:pk>/supprimer/",
        views.staff_slot_delete,
        name="staff_slot_delete",
    ),
    path(
        "gestion/auditions/candidature/<int:pk>/programmer/",
        views.staff_assign,
        name="staff_assign",
    ),
    path("gestion/auditions/audition/<int:pk>/annuler/", views.staff_cancel, name="staff_cancel"),
    # The programme team: decisions.
    path("gestion/decisions/<int:call_pk>/", views.staff_decisions, name="staff_decisions"),
    path("gestion/decisions/<int:call_pk>/annoncer/", views.staff_announce, name="staff_announce"),
    path(
        "gestion/decisions/<int:call_pk>/defi/<int:challenge_pk>/suivant/",
        views.staff_call_next,
        name="staff_call_next",
    ),
    path(
        "gestion/decisions/attente/<int:pk>/rang/",
        views.staff_waiting_move,
        name="staff_waiting_move",
    ),
    path(
        "gestion/decisions/candidature/<int:pk>/desistement/",
        views.staff_decline,
        name="staff_decline",
    ),
    # The candidate.
    path("espace/candidature/<int:pk>/audition/", views.book, name="book"),
    path("espace/candidature/<int:pk>/audition.ics", views.candidate_ics, name="candidate_ics"),
    path("espace/candidature/<int:pk>/renoncer/", views.decline, name="decline"),
    # Panel members.
    path("espace/auditions/", views.panel_list, name="panel_list"),
    path("espace/auditions/<int:pk>/", views.panel_detail, name="panel_detail"),
    path("espace/auditions/<int:pk>/audition.ics", views.panel_ics, name="panel_ics"),
]
