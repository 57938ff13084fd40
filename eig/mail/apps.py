from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "eig.mail"
    verbose_name = "Courriels"
