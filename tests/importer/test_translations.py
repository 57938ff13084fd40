"""The team's translations of its pages (`translations/<language>/*.md`) are a
part of an import: each becomes the English version of a French page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from eig.content.models import Page
from eig.importer.services import PartKind, detect_format, import_paths
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

PROGRAMME_EN = (
    "---\ntranslation_of: programme\ntitle: Entrepreneurship for the public service\n"
    "lede: The programme in a few words.\n---\n## How does it work?\n\nYou join a team.\n"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_translation_becomes_the_english_version_of_its_french_page(tmp_path, client):
    french = PageFactory(slug="programme", title="Entreprendre pour le service public", position=3)
    write(tmp_path / "translations" / "en" / "programme.md", PROGRAMME_EN)
    assert detect_format(tmp_path / "translations") == PartKind.TRANSLATIONS

    report = import_paths([tmp_path / "translations"])

    english = Page.objects.get(language="en", slug="programme")
    assert english.translation_of == french
    assert english.position == 3
    assert english.lede == "The programme in a few words."
    assert not report.errors
    with translation.override("en"):
        url = reverse("content:programme")
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Entrepreneurship for the public service" in text
    assert "How does it work?" in text
    assert "This page is only available in French." not in text
    # the French page is unchanged
    with translation.override("fr"):
        url = reverse("content:programme")
    french_page = client.get(url).content.decode()
    assert "Entreprendre pour le service public" in french_page


def test_a_second_run_changes_nothing(tmp_path):
    PageFactory(slug="programme")
    write(tmp_path / "translations" / "en" / "programme.md", PROGRAMME_EN)
    import_paths([tmp_path / "translations"])
    report = import_paths([tmp_path / "translations"])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_a_translation_of_no_french_page_is_an_error_not_a_page(tmp_path):
    write(
        tmp_path / "translations" / "en" / "nulle-part.md",
        PROGRAMME_EN.replace("programme", "nulle-part", 1),
    )
    pages = Page.objects.count()
    out = StringIO()
    with pytest.raises(CommandError, match="aucun enregistrement importé"):
        call_command("import_site", str(tmp_path / "translations"), "--no-progress", stdout=out)
    assert Page.objects.count() == pages
    assert "aucune page française « nulle-part » à traduire" in out.getvalue()


def test_a_fresh_database_has_the_legal_pages_in_english(client):
    for name, heading in (
        ("content:legal_notice", "Design and management of the site"),
        ("content:accessibility", "Content that is not accessible"),
    ):
        with translation.override("en"):
            url = reverse(name)
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert heading in text
        assert "only available in French" not in text
        with translation.override("fr"):
            url = reverse(name)
        french = client.get(url)
        assert french.status_code == 200 and heading not in french.content.decode()
