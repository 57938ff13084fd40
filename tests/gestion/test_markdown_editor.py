"""The Markdown field of the content studio (eig/www/gestion/markdown/): a
textarea without JavaScript, the guide, the preview endpoint, the link check
in a form."""

import json

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from dsfr.forms import DsfrBaseForm

from eig.accounts.models import Role
from eig.core.markdown import render_markdown
from eig.www.gestion.markdown.forms import LinkCheckMixin, check_links
from eig.www.gestion.markdown.guide import ENTRIES
from eig.www.gestion.markdown.widgets import MarkdownTextarea
from tests.accounts.factories import make_user
from tests.factories import ChallengeFactory

PREVIEW = "/gestion/contenus/apercu-markdown/"


class PostForm(LinkCheckMixin, DsfrBaseForm):
    title = forms.CharField(label="Titre")
    body = forms.CharField(label="Texte", widget=MarkdownTextarea)
    lede = forms.CharField(label="Chapeau", required=False, widget=MarkdownTextarea(guide=False))


def test_the_field_is_a_plain_textarea_with_the_guide_and_no_inline_script():
    html = str(PostForm(initial={"body": "Un **texte** <b>"}))

    assert '<textarea name="body" cols="40" rows="12" class="fr-input"' in html
    assert "Un **texte** &lt;b&gt;</textarea>" in html
    assert '<label for="id_body" class="fr-label">' in html
    assert html.count("<details") == 1  # the second Markdown field leaves the guide out
    assert "<script" not in html
    assert 'data-preview-url="/gestion/contenus/apercu-markdown/"' in html
    # The preview waits for JavaScript; the link warnings are empty and hidden.
    assert "data-eig-markdown-preview hidden" in html
    assert "data-eig-markdown-warnings hidden" in html


def test_the_script_and_style_come_from_static_files():
    media = str(PostForm().media)

    assert '<script src="/static/eig/markdown-editor.js" defer></script>' in media
    assert 'href="/static/eig/markdown-editor.css"' in media


def test_the_guide_shows_each_component_as_the_renderer_makes_it():
    html = str(PostForm())
    rendered = {entry.title: str(render_markdown(entry.syntax)) for entry in ENTRIES}

    assert "{: .lien-important}" in html
    assert 'class="fr-callout"' in html and "fr-icon-arrow-right-line" in html
    assert 'class="fr-highlight"' in html
    assert 'class="fr-quote fr-quote--column"' in html and "fr-quote__author" in html
    assert "https://www.dailymotion.com/video/" in html
    assert [title for title, out in rendered.items() if "fr-callout" in out] == [
        "Lien mis en avant (mise en exergue avec lien)"
    ]
    assert any("fr-highlight" in out for out in rendered.values())
    assert any("fr-quote__author" in out for out in rendered.values())
    # Inside a form, the examples' headings sit deep in the outline.
    assert "<h2" not in html and "<h4" in html


@pytest.mark.django_db
def test_the_preview_is_the_public_rendering_sanitised_for_staff(client):
    client.force_login(make_user(Role.STAFF))
    text = "## Titre\n\nUn **texte** <script>alert(1)</script> [défi](/defis/2099/x/)"

    response = client.post(PREVIEW, {"text": text, "top_heading": "3"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = json.loads(response.content)
    assert answer["html"] == str(render_markdown(text, top_heading=3))
    assert "<h3" in answer["html"] and "<strong>texte</strong>" in answer["html"]
    assert "<script" not in answer["html"] and "alert(1)" not in answer["html"]
    assert answer["link_warnings"] == ["Ce lien ne mène nulle part : /defis/2099/x/"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_the_preview_refuses_everyone_else_and_answers_post_only(client):
    assert reverse("gestion:markdown_preview") == PREVIEW
    anonymous = client.post(PREVIEW, {"text": "x"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login") + "?next=")
    for role in (Role.CANDIDATE, Role.AGENT, Role.JURY, Role.MENTOR, Role.FELLOW):
        client.force_login(make_user(role))
        assert client.post(PREVIEW, {"text": "x"}).status_code == 403, role
    client.force_login(make_user(Role.STAFF))
    assert client.get(PREVIEW).status_code == 405
    assert client.post(PREVIEW, {"text": "x" * 200_001}).status_code == 400


@pytest.mark.django_db
def test_the_preview_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.STAFF))

    refused = client.post(PREVIEW, {"text": "x"})
    client.get(reverse("gestion:home"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(PREVIEW, {"text": "x"}, headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert accepted.status_code == 200


@pytest.mark.django_db
def test_a_form_warns_of_dead_links_without_refusing_the_text():
    challenge = ChallengeFactory(slug="archifiltre", year=2018)
    form = PostForm(
        data={
            "title": "Une actualité",
            "body": f"[vivant]({challenge.get_absolute_url()}) et [mort](/defis/2099/x/)",
            "lede": "[ailleurs](/actualites/absente/)",
        }
    )

    assert form.is_valid()
    assert form.link_warnings == {
        "body": ["Ce lien ne mène nulle part : /defis/2099/x/"],
        "lede": ["Ce lien ne mène nulle part : /actualites/absente/"],
    }
    assert form.all_link_warnings == [
        "Ce lien ne mène nulle part : /defis/2099/x/",
        "Ce lien ne mène nulle part : /actualites/absente/",
    ]
    html = str(form)
    assert "<li>Ce lien ne mène nulle part : /defis/2099/x/</li>" in html
    assert "<li>Ce lien ne mène nulle part : /actualites/absente/</li>" in html
    assert html.count("data-eig-markdown-warnings hidden") == 0


@pytest.mark.django_db
def test_an_edit_page_can_check_the_links_of_the_saved_text():
    form = PostForm(initial={"title": "x", "body": "[mort](/defis/2099/x/)"})

    assert form.run_link_check() == {"body": ["Ce lien ne mène nulle part : /defis/2099/x/"]}
    assert "<li>Ce lien ne mène nulle part : /defis/2099/x/</li>" in str(form)
    assert check_links("[vivant](/defis/)") == []
