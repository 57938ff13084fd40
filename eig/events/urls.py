from django.urls import path

from eig.events import views

app_name = "events"

urlpatterns = [
    path("evenements/", views.event_list, name="list"),
    path(
        "evenements/inscription/confirmer/<str:token>/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "evenements/inscription/annuler/<str:token>/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("evenements/<slug:slug>/", views.event_detail, name="detail"),
    path("evenements/<slug:slug>/inscription/", views.event_register, name="register"),
    path("evenements/<slug:slug>/desinscription/", views.event_unregister, name="unregister"),
    path("gestion/evenements/", views.staff_event_list, name="staff_list"),
    path("gestion/evenements/nouveau/", views.staff_event_edit, name="staff_create"),
    path("gestion/evenements/<int:pk>/", views.staff_event_edit, name="staff_edit"),
    path("gestion/evenements/<int:pk>/inscrits/", views.staff_attendees, name="staff_attendees"),
    path(
        "gestion/evenements/<int:pk>/inscrits.csv",
        views.staff_attendees_csv,
        name="staff_attendees_csv",
    ),
    path(
        "gestion/evenements/<int:pk>/inscrits/<int:registration_pk>/annuler/",
        views.staff_registration_cancel,
        name="staff_registration_cancel",
    ),
]
