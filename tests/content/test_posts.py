import re

import pytest
from django.urls import reverse

from tests.factories import PostAttachmentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_news_list_shows_published_posts_newest_first(client):
    PostFactory(title="Plus ancienne", published_at="2018-02-27T10:00:00+01:00")
    PostFactory(title="Plus récente", published_at="2020-05-04T21:58:00+02:00")
    PostFactory(title="Brouillon", draft=True)

    response = client.get("/actualites/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Plus récente") < html.index("Plus ancienne")
    assert "Brouillon" not in html
    assert "4 mai 2020" in html
    assert "2 actualités" in html


def test_news_list_is_paginated(client):
    PostFactory.create_batch(13)

    first = client.get("/actualites/")
    second = client.get("/actualites/?page=2")

    assert len(first.context["page_obj"].object_list) == 12
    assert len(second.context["page_obj"].object_list) == 1
    assert 'class="fr-pagination"' in first.content.decode()


def test_post_detail_shows_every_front_matter_field(client):
    """Front matter: title, date, categories, tags, chapeau-text, une-ou-diaporama,
    files (nom), contact-presse; the importer's notes (the original layout and
    address) stay off the public page."""
    post = PostFactory(
        legacy_path="/2020/05/04/recrutement.html",
        press_release=True,
        title="L’État recrute 41 talents du numérique",
        published_at="2020-05-04T21:58:00+02:00",
        body="**DES DÉFIS A FORT IMPACT POUR L’ACTION PUBLIQUE**",
        author="Équipe EIG",
    )
    PostAttachmentFactory(post=post, url="/uploads/CP-EIG4.pdf", name="Télécharger le communiqué")

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<h1>L’État recrute 41 talents du numérique</h1>", html)
    assert html.count("<h1") == 1
    assert "4 mai 2020" in html
    assert '<p class="fr-tag fr-tag--sm fr-tag--blue-ecume">Communiqué de presse</p>' in html
    assert "entrepreneur.e d’intérêt général</p>" in html
    assert "Ils ont 10 mois pour relever le défi." in html  # chapeau
    # une-ou-diaporama: a file of the original site's tree, which this site
    # does not serve, is a link to its public address, never a broken image
    assert 'href="https://entrepreneur-interet-general.etalab.gouv.fr/uploads/entete.jpg"' in html
    assert 'src="/uploads/entete.jpg"' not in html
    # The same for a document: linked at the original site's public address.
    assert 'href="https://entrepreneur-interet-general.etalab.gouv.fr/uploads/CP-EIG4.pdf"' in html
    assert 'href="/uploads/CP-EIG4.pdf"' not in html and "Télécharger le communiqué" in html
    assert "Floriane Beaudron" in html and "floriane.beaudron@modernisation.gouv.fr" in html
    assert "01.71.21.12.50" in html
    assert "gabarit d&#x27;origine" not in html and "communique)" not in html
    assert "Ancienne adresse" not in html and "/2020/05/04/recrutement.html" not in html
    assert "<strong>DES DÉFIS A FORT IMPACT" in html
    assert "Équipe EIG" in html
    assert "<title>L’État recrute 41 talents du numérique — " in html


def test_a_post_picture_in_the_media_is_shown_and_one_of_the_old_tree_is_a_link(client):
    post = PostFactory(images=[{"image": "/media/imports/ab/entete.jpg"}, "/img/blog/absent.png"])

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<img class="fr-responsive-img" src="/media/imports/ab/entete.jpg"' in html
    assert 'src="/img/blog/absent.png"' not in html
    assert 'href="https://entrepreneur-interet-general.etalab.gouv.fr/img/blog/absent.png"' in html
    assert "Voir l'image (sur le site d'origine)" in html.replace("&#x27;", "'")


def test_a_draft_is_404(client):
    draft = PostFactory(draft=True)

    response = client.get(reverse("content:post_detail", kwargs={"slug": draft.slug}))

    assert response.status_code == 404


def test_a_script_in_a_post_body_is_neutralised_in_the_page(client):
    post = PostFactory(
        body="Bonjour <script>alert('xss')</script> <img src=x onerror=alert(1)>"
        " [clic](javascript:alert(2))",
        lede="<script>document.cookie</script>Chapeau",
    )

    response = client.get(post.get_absolute_url())

    html = response.content.decode()
    main = html[html.index('<main id="content"') : html.index("</main>")]
    assert "Bonjour" in main and "Chapeau" in main
    assert "<script" not in main
    assert "onerror" not in main
    assert "javascript:" not in main
    assert "alert" not in main


def test_english_pages_show_the_english_version_and_fall_back_to_french(client):
    original = PostFactory(title="Pourquoi devenir EIG", slug="pourquoi-devenir-eig")
    PostFactory(
        english=True,
        title="Why become an EIG",
        slug="why-become-an-eig",
        translation_of=original,
    )
    PostFactory(title="Seulement en français", slug="seulement-fr")

    english_list = client.get("/en/actualites/")
    french_list = client.get("/actualites/")

    english_titles = {post.title for post in english_list.context["page_obj"].object_list}
    french_titles = {post.title for post in french_list.context["page_obj"].object_list}
    assert english_titles == {"Why become an EIG", "Seulement en français"}
    assert french_titles == {"Pourquoi devenir EIG", "Seulement en français"}


def test_post_links_to_its_other_language_version(client):
    original = PostFactory(title="Pourquoi devenir EIG", slug="pourquoi-devenir-eig")
    translation = PostFactory(
        english=True, title="Why become an EIG", slug="why-become-an-eig", translation_of=original
    )

    french = client.get(original.get_absolute_url()).content.decode()
    english = client.get("/en/actualites/why-become-an-eig/").content.decode()

    assert 'href="/en/actualites/why-become-an-eig/"' in french
    assert 'href="/actualites/pourquoi-devenir-eig/"' in english
    assert "<h1>Why become an EIG</h1>" in english
    assert translation.language == "en"


def test_same_slug_in_both_languages_picks_the_current_one(client):
    original = PostFactory(title="Titre français", slug="meme-slug")
    PostFactory(english=True, title="English title", slug="meme-slug", translation_of=original)

    french = client.get("/actualites/meme-slug/").content.decode()
    english = client.get("/en/actualites/meme-slug/").content.decode()

    assert "<h1>Titre français</h1>" in french
    assert "<h1>English title</h1>" in english


def test_french_post_is_shown_under_en_when_no_translation_exists(client):
    PostFactory(title="Seulement en français", slug="seulement-fr")

    response = client.get("/en/actualites/seulement-fr/")

    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def test_news_pages_query_counts_are_bounded(client, bounded_get):
    posts = PostFactory.create_batch(15, press_release=True)
    for post in posts[:3]:
        PostAttachmentFactory.create_batch(2, post=post)

    bounded_get(client, "/actualites/", queries=3, contains=[posts[0].title, "fr-card"])
    bounded_get(client, posts[0].get_absolute_url(), queries=3, contains=posts[0].title)


def test_the_main_picture_is_not_shown_twice_when_the_text_opens_with_it(client):
    picture = "/media/imports/0d/verbatim_640x360.jpg"
    post = PostFactory(image=picture, images=[], body=f"![Verbatim]({picture})\n\nLe texte.")

    response = client.get(post.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200 and "Le texte." in html
    assert html.count("verbatim_640x360") == 1
