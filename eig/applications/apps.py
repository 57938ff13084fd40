from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "eig.applications"
    verbose_name = "Candidatures"
