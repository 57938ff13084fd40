from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "eig.proposals"
    verbose_name = "Appel à projets"
