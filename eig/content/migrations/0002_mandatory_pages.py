"""The managed texts of the mandatory pages (eig/content/legal.py), so that a
fresh clone has them; staff edit them afterwards. Wording from the previous
site (site-eig-v3/site/content/) where still true."""

from django.db import migrations

PAGES = {
    "mentions-legales": (
        "Mentions légales",
        "## Conception et gestion du site\n\n"
        "Ce site est conçu et développé par l'équipe du programme Entrepreneurs "
        "d'intérêt général.\n\n"
        "## Propriété intellectuelle et liens\n\n"
        "Tout site public ou privé est autorisé à établir, sans autorisation préalable, "
        "un lien (y compris profond) vers les informations diffusées sur ce site.\n\n"
        "Sauf mention de propriété intellectuelle détenue par des tiers (notamment un "
        "crédit sur certaines images), les contenus de ce site sont proposés sous "
        "licence ouverte (etalab-2.0).",
    ),
    "accessibilite": (
        "Déclaration d'accessibilité",
        "## Contenus non accessibles\n\n"
        "Non-conformités connues, relevées lors de la dernière vérification :\n\n"
        "* des textes importés de l'ancien site (pages du programme, actualités) "
        "peuvent avoir une structure de titres incorrecte ou des images sans "
        "alternative pertinente ;\n"
        "* des documents PDF anciens, liés depuis les actualités, ne sont pas "
        "accessibles.\n\n"
        "## Technologies utilisées\n\n* HTML 5\n* CSS\n* JavaScript (non nécessaire "
        "pour utiliser le site)",
    ),
    "plan-du-site": ("Plan du site", ""),
    "gestion-des-cookies": ("Gestion des cookies", ""),
}


def create(apps, schema_editor):
    Page = apps.get_model("content", "Page")
    for position, (slug, (title, body)) in enumerate(PAGES.items(), start=900):
        Page.objects.get_or_create(
            language="fr",
            slug=slug,
            defaults={"title": title, "body": body, "position": position, "is_published": True},
        )


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial"), ("core", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
