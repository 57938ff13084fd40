from django.apps import AppConfig


class StudioConfig(AppConfig):
    """The content studio: the editorial state of public content, its
    versions, and the publication by hand or at a scheduled time."""

    name = "eig.studio"
    verbose_name = "Studio de contenus"
