from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaLibraryConfig(AppConfig):
    name = "eig.medialibrary"
    label = "medialibrary"
    verbose_name = _("Médiathèque")
