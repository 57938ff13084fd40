from django.urls import path, re_path

from eig.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    # Addresses of the original static site: only paths ending in .html reach it.
    re_path(r"^(?P<path>blog)/$", views.legacy_redirect),
    re_path(r"^(?P<path>.+\.html)$", views.legacy_redirect, name="legacy"),
]
