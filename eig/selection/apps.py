from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "eig.selection"
    verbose_name = "Sélection des candidat·es"
