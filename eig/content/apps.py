from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "eig.content"
    verbose_name = "Contenus"
