"""The media library's staff screens, in the `gestion` namespace (included
from eig/www/gestion/urls.py under `gestion/medias/`)."""

from django.urls import path

from eig.www.gestion.media import views

urlpatterns = [
    path("", views.media_list, name="media_list"),
    path("ajouter/", views.media_upload, name="media_upload"),
    path("<int:pk>/", views.media_detail, name="media_detail"),
    path("<int:pk>/supprimer/", views.media_delete, name="media_delete"),
]
