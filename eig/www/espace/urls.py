"""The personal space's home; the space's other pages still live in their apps."""

from django.urls import path

from eig.www.espace import views

app_name = "espace"

urlpatterns = [
    path("espace/", views.home, name="home"),
]
