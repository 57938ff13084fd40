from django.urls import path

from eig.events import views

app_name = "events"

urlpatterns = [
    path("evenements/", views.event_list, name="list"),
    path("evenements/<slug:slug>/", views.event_detail, name="detail"),
]
