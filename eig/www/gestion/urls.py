"""The back office's home; its other pages still live in their apps."""

from django.urls import include, path

from eig.www.gestion import views

app_name = "gestion"

urlpatterns = [
    path("gestion/", views.home, name="home"),
    path("gestion/medias/", include("eig.www.gestion.media.urls")),
]
