from django.apps import AppConfig


class AuditionsConfig(AppConfig):
    name = "eig.auditions"
    verbose_name = "Auditions et décisions"

    def ready(self):
        from eig.applications.signals import application_moved
        from eig.auditions.services import auditions_anonymise, auditions_release
        from eig.privacy.services import register_application_anonymiser

        register_application_anonymiser(auditions_anonymise)
        application_moved.connect(auditions_release, dispatch_uid="auditions_release")
