"""The Markdown editor's preview (included in the `gestion` namespace)."""

from django.urls import path

from eig.www.gestion.markdown import views

urlpatterns = [
    path("gestion/contenus/apercu-markdown/", views.markdown_preview, name="markdown_preview"),
]
