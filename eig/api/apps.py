from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "eig.api"
    verbose_name = "API publique"
