from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "eig.scheduling"
    verbose_name = "Tâches périodiques"
