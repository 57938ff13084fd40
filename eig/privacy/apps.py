from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "eig.privacy"
    verbose_name = "Données personnelles"
