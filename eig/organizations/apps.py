from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "eig.organizations"
    verbose_name = "Administrations"
