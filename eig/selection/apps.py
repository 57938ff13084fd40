from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "eig.selection"
    verbose_name = "Sélection des candidat·es"

    def ready(self):
        from eig.privacy.services import register_application_anonymiser
        from eig.selection.services import selection_anonymise

        register_application_anonymiser(selection_anonymise)
