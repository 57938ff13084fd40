from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "eig.importer"
    verbose_name = "Import du site d'origine"
