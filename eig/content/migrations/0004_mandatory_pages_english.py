"""The English managed texts of the mandatory pages (see 0002), so that a
fresh clone's /en/ legal notice and accessibility statement are in English;
staff edit them afterwards in the content studio."""

from django.db import migrations

PAGES = {
    "mentions-legales": (
        "Legal notice",
        "## Design and management of the site\n\n"
        "This site is designed and developed by the team of the Entrepreneurs "
        "d'intérêt général programme.\n\n"
        "## Intellectual property and links\n\n"
        "Any public or private site may link to the information published on this "
        "site, deep links included, without prior permission.\n\n"
        "Unless a third party holds the intellectual property (a credit on some "
        "pictures, in particular), the contents of this site are published under "
        "the open licence (etalab-2.0).",
    ),
    "accessibilite": (
        "Accessibility statement",
        "## Content that is not accessible\n\n"
        "Known non-compliances, found during the last check:\n\n"
        "* texts imported from the former site (programme pages, news) may have an "
        "incorrect heading structure or pictures without a relevant text "
        "alternative;\n"
        "* old PDF documents, linked from the news, are not accessible.\n\n"
        "## Technologies used\n\n* HTML 5\n* CSS\n* JavaScript (not needed to use "
        "the site)",
    ),
    "plan-du-site": ("Site map", ""),
    "gestion-des-cookies": ("Cookie management", ""),
}


def create(apps, schema_editor):
    Page = apps.get_model("content", "Page")
    for slug, (title, body) in PAGES.items():
        french = Page.objects.filter(language="fr", slug=slug).first()
        Page.objects.get_or_create(
            language="en",
            slug=slug,
            defaults={
                "title": title,
                "body": body,
                "position": french.position if french else 900,
                "is_published": True,
                "translation_of": french,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("content", "0003_post_other_source_keys")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
