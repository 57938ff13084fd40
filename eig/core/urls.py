from django.urls import path

from eig.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
]
