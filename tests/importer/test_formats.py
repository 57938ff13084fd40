"""import_site finds the format of a folder by itself, refuses what it cannot read."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from eig.content.models import Page, Post
from eig.importer.services import FatalImportError, PartKind, detect_format, import_paths

pytestmark = pytest.mark.django_db


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


POST = "---\ntitle: Communiqué\ndate: 2019-01-16\n---\nTexte"


def test_a_folder_of_loose_documents_is_refused_with_a_french_message(tmp_path):
    loose = tmp_path / "export"
    write(loose / "001.md", POST)
    write(loose / "page.md", "# Une page\n\nTexte.")
    pages = Page.objects.count()  # the legal pages the migrations create

    with pytest.raises(CommandError, match="n'est dans aucun format connu"):
        call_command("import_site", str(loose), "--no-progress", stdout=StringIO())

    assert Post.objects.count() == 0
    assert Page.objects.count() == pages


def test_the_refusal_is_a_non_zero_exit_status(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    write(tmp_path / "export" / "001.md", POST)
    result = subprocess.run(
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "import_site",
            str(tmp_path / "export"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "EIG_VAR_DIR": str(tmp_path)},
        check=False,
    )

    assert result.returncode != 0
    assert "aucun format connu" in result.stderr


def test_formats_are_recognised_by_their_marks(tmp_path):
    hugo = tmp_path / "v3"
    write(hugo / "site" / "static" / "admin" / "config.yml", "collections: []\n")
    jekyll = tmp_path / "jekyll"
    write(jekyll / "_config.yml", "title: x\n")
    seeds = tmp_path / "seeds"
    write(seeds / "001.txt", POST)
    other = tmp_path / "other"
    write(other / "001.txt", POST)

    assert detect_format(hugo) == PartKind.HUGO
    assert detect_format(jekyll) == PartKind.SITE
    assert detect_format(seeds) == PartKind.SEEDS
    assert detect_format(other) is None
    with pytest.raises(FatalImportError):
        import_paths([other])


def test_the_command_says_which_format_it_used_and_names_skipped_files(tmp_path):
    seeds = tmp_path / "seeds"
    write(seeds / "001_ok.txt", POST)
    write(seeds / "notes.csv", "a,b\n")
    write(seeds / "img" / "photo.jpg", "x")
    out = StringIO()

    call_command("import_site", str(seeds), "--no-progress", stdout=out)

    text = out.getvalue()
    assert "Format reconnu : documents « seeds »" in text
    assert "Fichiers ignorés (2)" in text
    assert "notes.csv : fichier .csv non lu par ce format" in text
    assert "img/ (1 fichiers) : images et documents" in text
    assert Post.objects.count() == 1


def test_a_run_that_imports_nothing_from_a_non_empty_source_fails(tmp_path):
    seeds = tmp_path / "seeds"
    write(seeds / "notes.csv", "a,b\n")
    out = StringIO()

    with pytest.raises(CommandError, match="aucun enregistrement importé"):
        call_command("import_site", str(seeds), "--no-progress", stdout=out)

    assert "notes.csv" in out.getvalue()


SCHEMA = """
media_folder: site/static/img
public_folder: img
collections:
  - name: promos
    folder: site/content/cohortes
    fields: [{name: title, widget: string}]
  - name: themes
    folder: site/content/themes
    fields: [{name: title, widget: string}]
  - name: defis
    folder: site/content/projets
    fields:
      - {name: title, widget: string}
      - {name: promos, widget: relation, collection: promos, value_field: title, multiple: true}
  - name: personnes
    folder: site/content/gens
    fields:
      - {name: title, widget: string}
      - {name: defis, widget: relation, collection: defis, value_field: title, multiple: true}
  - name: articles
    folder: site/content/blog
    fields: [{name: title, widget: string}]
"""


def make_hugo_site(root: Path) -> Path:
    write(root / "site" / "static" / "admin" / "config.yml", SCHEMA)
    content = root / "site" / "content"
    write(content / "cohortes" / "p7.md", "---\ntitle: Promotion 7\n---\n")
    write(content / "themes" / "justice.md", "---\ntitle: Justice\n---\n")
    write(
        content / "projets" / "design.md",
        "---\ntitle: Design\nwho: Ministère de la Justice\npromos: [Promotion 7]\n"
        "themes: [Justice, Inexistant]\nisSET: true\nurlSET: https://beta.gouv.fr/startups/d\n"
        "date: 2025\n---\nLe défi.",
    )
    write(content / "projets" / "notes.txt", "brouillon")
    write(
        content / "blog" / "design.md",
        "---\ntitle: Design\ndate: 2024-01-02T10:00:00.000Z\nauthor: Équipe\n---\nTexte.",
    )
    write(
        content / "gens" / "laure.md",
        "---\ntitle: Laure Martin\njob: Designer\nrole: participant\n"
        "defis: [Design, Inconnu]\nimage: img/placeholder_femme.png\n---\nBio.",
    )
    write(content / "gens" / "eco.md", "---\ntitle: Eco\nrole: agent-ecosysteme\n---\n")
    return root


def test_a_hugo_site_is_read_through_its_decap_schema(tmp_path):
    from eig.challenges.models import Challenge, Theme
    from eig.cohorts.models import Fellow

    site = make_hugo_site(tmp_path / "mon-site")
    out = StringIO()

    call_command("import_site", str(site), "--no-progress", stdout=out)

    text = out.getvalue()
    assert "Format reconnu : site Hugo/Decap CMS" in text
    challenge = Challenge.objects.get(source_key="site/content/projets/design.md")
    post = Post.objects.get(source_key="site/content/blog/design.md")
    assert (challenge.title, post.title) == ("Design", "Design")  # same file name: two records
    assert (challenge.cohort.slug, challenge.year) == ("7", 2024)
    assert challenge.is_startup_detat
    assert [theme.name for theme in challenge.themes.all()] == ["Justice"]
    assert not Theme.objects.filter(name="Inexistant").exists()
    fellow = Fellow.objects.get(source_key="site/content/gens/laure.md")
    assert fellow.slug == "laure-martin"
    assert fellow.photo_url == ""
    assert list(fellow.challenges.all()) == [challenge]
    assert "défi « Inconnu » introuvable" in text
    assert "site/content/gens/eco.md : rôle « agent-ecosysteme »" in text
    assert "site/content/projets/notes.txt : hors des collections" in text
    assert "Défis : 1 dans la source, 1 importés" in text
    assert "Équipe et écosystème : 1 dans la source, 0 importés" in text


def test_a_hugo_site_without_content_exits_non_zero(tmp_path):
    site = tmp_path / "vide"
    write(site / "site" / "static" / "admin" / "config.yml", SCHEMA)

    with pytest.raises(CommandError, match="aucun enregistrement importé"):
        call_command("import_site", str(site), "--no-progress", stdout=StringIO())
