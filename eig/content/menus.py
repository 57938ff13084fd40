"""The public site's menus, as URL names and labels: the header and footer
(eig/www/context_processors.py) and the site map page (eig/content/legal.py)."""

from django.utils.translation import gettext_lazy as _

MAIN_MENU = [
    ("content:programme", _("Le programme")),
    ("cohorts:list", _("Promotions")),
    ("challenges:list", _("Défis")),
    ("cohorts:fellow_list", _("Les EIG")),
    ("content:post_list", _("Actualités")),
    ("events:list", _("Événements")),
    ("applications:candidature", _("Candidater")),
]

FOOTER_MENU = [
    ("content:press", _("Revue de presse")),
    ("content:faq", _("Questions fréquentes")),
    ("opendata:index", _("Données ouvertes")),
    ("cohortlife:statistics", _("Statistiques")),
]
