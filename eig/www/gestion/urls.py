"""The back office's home and its content studio; its other pages still live in their apps."""

from django.urls import include, path

from eig.www.gestion import views

app_name = "gestion"

urlpatterns = [
    path("gestion/", views.home, name="home"),
    path("gestion/medias/", include("eig.www.gestion.media.urls")),
    # Before the studio's: its address would read as a kind of content.
    path("", include("eig.www.gestion.markdown.urls")),
    path("", include("eig.www.gestion.studio.urls")),
]
