from django.urls import path

from eig.privacy import views

app_name = "privacy"

urlpatterns = [
    path("donnees-personnelles/", views.notice, name="notice"),
]
