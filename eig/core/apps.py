from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eig.core"
    verbose_name = "Socle"
