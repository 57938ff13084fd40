"""Markdown of the content: kramdown attribute lists as DSFR components, and sanitised."""

import re

import pytest

from eig.core.markdown import render_markdown, sanitize_html

# The real snippets of demo_data/seeds/000_*.txt and 003_*.txt.
SEED_CALLOUT = """> [Découvrir les défis et les profils de la 3ème promotion EIG
](https://entrepreneur-interet-general.etalab.gouv.fr/defis.html)
{: .lien-important}
"""

SEED_CALLOUT_INSIDE_QUOTE = """> Pour déposer votre candidature, rendez-vous jusqu’au 15 octobre sur [l’espace de candidature du programme](https://entrepreneur-interet-general.etalab.gouv.fr/candidature-eig.html).
> {: .lien-important}

## Prochaines étapes
"""  # noqa: E501

SEED_HIGHLIGHT = """> ### Le programme Entrepreneur.e d’intérêt général en bref
> * 15 défis d’intérêt général
> * 32 talents recrutés en CDD de 10 mois à compter de janvier 2018
{: .encadre}
"""

SEED_QUOTE = """> *Nous ouvrons les portes des administrations aux talents extérieurs.*
{: .citation}
> Mounir Mahjoubi, secrétaire d’Etat chargé du Numérique
{: .auteur-citation}
"""


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_lien_important_becomes_a_callout_holding_the_link():
    html = _squash(render_markdown(SEED_CALLOUT))

    assert '<div class="fr-callout">' in html
    assert '<p class="fr-callout__text"><a class="fr-link' in html
    assert "Découvrir les défis et les profils de la 3ème promotion EIG" in html
    assert "<blockquote" not in html
    assert "{:" not in html


def test_links_to_the_original_site_become_local_so_they_redirect():
    html = render_markdown(SEED_CALLOUT)

    assert 'href="/defis.html"' in html


def test_lien_important_written_inside_the_blockquote():
    html = _squash(render_markdown(SEED_CALLOUT_INSIDE_QUOTE))

    assert '<div class="fr-callout">' in html
    assert 'href="/candidature-eig.html"' in html
    assert "{:" not in html
    assert "<h2" in html and "Prochaines étapes" in html


def test_encadre_becomes_a_highlight_box_keeping_its_list():
    html = _squash(render_markdown(SEED_HIGHLIGHT))

    assert '<div class="fr-highlight">' in html
    assert "<li>15 défis d’intérêt général</li>" in html
    assert "{:" not in html


def test_citation_and_author_become_a_dsfr_quote():
    html = _squash(render_markdown(SEED_QUOTE))

    assert '<figure class="fr-quote fr-quote--column">' in html
    assert "<blockquote> <p><em>Nous ouvrons les portes" in html
    assert (
        '<figcaption> <p class="fr-quote__author">Mounir Mahjoubi, secrétaire d’Etat chargé du '
        "Numérique</p> </figcaption>" in html
    )
    assert "{:" not in html


def test_the_whole_seed_press_release_renders_every_component():
    with open("demo_data/seeds/000_392bbb576db1b579.txt", encoding="utf-8") as seed:
        body = seed.read().split("---", 2)[2]

    html = render_markdown(body)

    assert html.count('<div class="fr-callout">') == 1
    assert html.count("fr-highlight") == 1
    assert html.count("fr-quote__author") == 1
    assert "{:" not in html


def test_an_ial_on_a_paragraph_is_left_to_attr_list_and_unknown_classes_are_dropped():
    html = render_markdown("Un paragraphe.\n{: .inconnue}")

    assert html.strip() == "<p>Un paragraphe.</p>"


def test_headings_start_at_h2_the_page_owns_the_h1():
    html = render_markdown("# Titre\n\n## Sous-titre\n\n#### **Gras**")

    assert "<h1" not in html
    assert re.search(r"<h2[^>]*>Titre</h2>", html)
    assert re.search(r"<h3[^>]*>Sous-titre</h3>", html)


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('xss')</script>",
        "<img src=x onerror=\"alert('xss')\">",
        "[clic](javascript:alert('xss'))",
        '<a href="javascript:alert(1)">clic</a>',
        "<iframe src=\"javascript:alert('xss')\"></iframe>",
        "<style>body{display:none}</style>",
        '<div onclick="alert(1)" style="position:fixed">x</div>',
        "<svg><script>alert(1)</script></svg>",
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>',
    ],
)
def test_hostile_content_is_neutralised(hostile):
    html = render_markdown(f"Avant\n\n{hostile}\n\nAprès").lower()

    assert "<script" not in html
    assert "alert" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<style" not in html
    assert "style=" not in html
    assert "<iframe" not in html
    assert "data:text" not in html
    assert "avant" in html and "après" in html


def test_links_get_rel_and_only_safe_schemes_survive():
    html = render_markdown(
        "[site](https://example.org) [mail](mailto:a@example.org) [ftp](ftp://example.org/f)"
    )

    assert 'href="https://example.org" rel="noopener noreferrer"' in html
    assert 'href="mailto:a@example.org"' in html
    assert "ftp://" not in html


def test_an_embedded_video_becomes_a_link():
    html = render_markdown(
        '<iframe frameborder="0" width="640" src="https://www.dailymotion.com/embed/video/x75h2pz"'
        " allowfullscreen></iframe>"
    )

    assert "<iframe" not in html
    assert 'href="https://www.dailymotion.com/embed/video/x75h2pz"' in html


def test_raw_html_is_kept_only_within_the_allow_list():
    html = sanitize_html('<p class="fr-callout__text evil" id="x">ok</p><marquee>old</marquee>')

    assert html == '<p class="fr-callout__text">ok</p>old'


def test_the_markdown_filter_is_available_in_templates():
    from django.template import Context, Template

    rendered = Template("{% load eig_tags %}{{ text|markdown }}").render(
        Context({"text": "**gras** <script>x()</script>"})
    )

    assert "<strong>gras</strong>" in rendered
    assert "<script" not in rendered


def test_a_text_under_a_section_starts_at_the_requested_heading_level():
    html = render_markdown("## Contexte\n\n### Détail", top_heading=3)

    assert re.search(r"<h3[^>]*>Contexte</h3>", html)
    assert re.search(r"<h4[^>]*>Détail</h4>", html)


def test_card_texts_are_plain_and_unescaped():
    from eig.core.templatetags.eig_tags import _plain

    plain = _plain("Où en sont les **15 projets**&nbsp;? <b>x</b>")

    assert plain == "Où en sont les 15 projets ? x"


def test_a_picture_of_the_original_sites_tree_is_a_link_to_its_public_address():
    """`/img/uploads/eig.png` is not served here: never a broken image (it was
    a 404 on /programme/), a link to the original site instead."""
    html = str(render_markdown("Texte\n\n![null](/img/uploads/eig.png)\n\n![Logo](/img/logo.png)"))
    assert "<img" not in html
    assert (
        '<a href="https://entrepreneur-interet-general.etalab.gouv.fr/img/uploads/eig.png"' in html
    )
    assert "Voir l'image (sur le site d'origine)" in html
    assert "Image : Logo (sur le site d'origine)" in html


def test_pictures_the_site_serves_stay_pictures():
    html = str(render_markdown("![Logo](/media/content/logo.png) ![A](https://example.org/a.png)"))
    assert html.count("<img") == 2
    assert 'src="/media/content/logo.png"' in html
    assert 'class="fr-responsive-img"' in html


def test_a_list_written_directly_in_a_list_goes_into_the_item_before():
    """The old site's FAQ has `<ul><li>…</li><ul>…</ul></ul>`: only `<li>` may be
    a list's child (axe `list`), so the inner list joins the item before it."""
    html = str(
        sanitize_html(
            "<ul><li>Dimensionnement</li><ul><li>10 mois</li><li>2 ou 3 profils</li></ul>"
            "<li>Équipe</li><ol><li>Un mentor</li></ol></ul>"
        )
    )
    assert html == (
        "<ul><li>Dimensionnement<ul><li>10 mois</li><li>2 ou 3 profils</li></ul></li>"
        "<li>Équipe<ol><li>Un mentor</li></ol></li></ul>"
    )
    well_formed = "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"
    assert str(sanitize_html(well_formed)) == well_formed


def test_a_link_with_nothing_to_read_is_dropped_and_its_text_kept():
    """axe link-name: `[](url)` of the old sites' texts (e.g. /defis/2020/adex/)."""
    html = str(
        render_markdown(
            "**Tu as cofondé** [](https://refugies.info/)**une plateforme** et "
            "[Réfugiés.info](https://refugies.info/)."
        )
    )

    assert html.count("<a ") == 1
    assert ">Réfugiés.info</a>" in html
    assert "<strong>Tu as cofondé</strong> <strong>une plateforme</strong> et" in html


def test_a_link_holding_only_a_picture_without_alt_is_named_after_its_address():
    html = str(render_markdown("[![](https://example.org/logo.png)](https://refugies.info/fr)"))

    assert 'alt="Lien vers refugies.info"' in html


def test_a_list_right_after_a_paragraph_is_a_list_not_stars_in_the_text():
    # As the sites' own renderers read it (a post of the current site).
    html = render_markdown(
        "1.\t**Constituer la promotion** en :\n*\tcoordonnant l’appel\n*\tdiffusant\n\n"
        "Texte suivi :\n- un\n- deux"
    )

    assert "<li><strong>Constituer la promotion</strong> en :</li>" in html
    assert "<li>coordonnant l’appel</li>" in html and "<li>diffusant</li>" in html
    assert "<p>Texte suivi :</p>\n<ul>\n<li>un</li>" in html
    assert "* " not in html and "- un" not in html


def test_lines_inside_a_list_and_numbers_in_a_sentence_are_left_alone():
    assert (
        render_markdown("* a\nsuite de a\n* b") == "<ul>\n<li>a\nsuite de a</li>\n<li>b</li>\n</ul>"
    )
    assert render_markdown("Fondé en\n2017. Puis") == "<p>Fondé en\n2017. Puis</p>"
    assert "<li>" not in render_markdown("```\nTexte\n* pas une liste\n```")
