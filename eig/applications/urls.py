from django.urls import path

from eig.applications import views

app_name = "applications"

urlpatterns = [
    path("candidature/", views.candidature, name="candidature"),
]
