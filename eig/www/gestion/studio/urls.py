from django.urls import path

from eig.www.gestion.studio import views

urlpatterns = [
    path("gestion/contenus/", views.studio_home, name="studio_home"),
    path("gestion/journal-des-contenus/", views.studio_journal, name="studio_journal"),
    path("gestion/contenus/<slug:kind>/", views.studio_list, name="studio_list"),
    path("gestion/contenus/<slug:kind>/nouveau/", views.studio_create, name="studio_create"),
    path("gestion/contenus/<slug:kind>/<int:pk>/", views.studio_edit, name="studio_edit"),
    path(
        "gestion/contenus/<slug:kind>/<int:pk>/etat/<slug:status>/",
        views.studio_status,
        name="studio_status",
    ),
    path(
        "gestion/contenus/<slug:kind>/<int:pk>/apercu/", views.studio_preview, name="studio_preview"
    ),
    path("gestion/contenus/<slug:kind>/<int:pk>/effacer/", views.studio_erase, name="studio_erase"),
    path(
        "gestion/contenus/<slug:kind>/<int:pk>/versions/",
        views.studio_versions,
        name="studio_versions",
    ),
    path(
        "gestion/contenus/<slug:kind>/<int:pk>/versions/<int:history_id>/restaurer/",
        views.studio_restore,
        name="studio_restore",
    ),
]
