from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "eig.opendata"
    verbose_name = "Données ouvertes"
