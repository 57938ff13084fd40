from django.apps import AppConfig


class AuditionsConfig(AppConfig):
    name = "eig.auditions"
    verbose_name = "Auditions et décisions"

    def ready(self):
        from eig.auditions.services import auditions_anonymise
        from eig.privacy.services import register_application_anonymiser

        register_application_anonymiser(auditions_anonymise)
