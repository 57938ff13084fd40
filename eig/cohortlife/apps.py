from django.apps import AppConfig


class CohortLifeConfig(AppConfig):
    name = "eig.cohortlife"
    verbose_name = "Vie des promotions"
