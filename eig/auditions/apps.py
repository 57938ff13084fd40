from django.apps import AppConfig


class AuditionsConfig(AppConfig):
    name = "eig.auditions"
    verbose_name = "Auditions et décisions"
