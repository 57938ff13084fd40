"""Broken and unusual files in small folders: reported, skipped, the rest imported."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from eig.challenges.models import Challenge, Mentor
from eig.cohorts.models import Fellow
from eig.content.legal import LEGAL_PAGES
from eig.content.models import Page, Post
from eig.importer.services import import_paths

pytestmark = pytest.mark.django_db

GOOD_POST = """---
title: Un article
author: L'équipe EIG
tags: [accompagnement]
---

Texte.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_site(root: Path, *, defis: str = "", personnes: str = "", posts: dict | None = None):
    write(root / "_config.yml", "permalink: /blog/:year/:month/:day/:title.html\n")
    write(root / "_data" / "promos.yml", '"EIG 3":\n  promotion: 3\n  class: 2019 eig-3\n')
    write(root / "_data" / "skills.yml", "dev: Développement\n")
    write(root / "_data" / "defis.yml", defis)
    write(root / "_data" / "personnes.yml", personnes)
    for name, text in (posts or {}).items():
        write(root / "_posts" / name, text)
    return root


DEFI = """"CartoBio":
  title: CartoBio
  link_to: /defis/2019/cartobio.html
  skills: ["dev", "teleportation"]
  description: Cartographier les parcelles bio
  year: 2019
  promotion: 3
  administration: Agence BIO, Ministère de la Transition écologique et solidaire
  administration_website: https://www.agencebio.org
  eigs:
    - "Camille Exemple"
    - "Personne Inconnue"
  mentors:
    - "Marie Mentor"
"""

PERSONNES = """Camille Exemple:
  annees: [2019]
  class: [eig-3, eig, webdev]
  defis: [CartoBio, Défi Fantôme]
  profil: Développeuse
  programme: EIG
  title: Camille Exemple
  link_to: /communaute/2019/camille-exemple.html
Marie Mentor:
  annees: [2019]
  class: [mentor, eig-3]
  defis: [CartoBio]
  profil: Mentor
  programme: EIG
  title: Marie Mentor
  link_to: /communaute/2019/marie-mentor.html
"""


def test_invalid_yaml_in_a_post_is_reported_and_the_other_posts_are_imported(tmp_path):
    site = make_site(
        tmp_path / "site",
        posts={
            "19-01-02-bon.md": GOOD_POST,
            "19-01-03-casse.md": "---\ntitle: Cassé\ntags: [a, b\n---\nTexte",
        },
    )

    report = import_paths([site])

    assert [(issue.file, issue.reason[:19]) for issue in report.errors] == [
        ("_posts/19-01-03-casse.md", "YAML invalide ligne")
    ]
    post = Post.objects.get()
    assert post.title == "Un article"
    assert post.legacy_path == "/blog/2019/01/02/bon.html"


def test_a_date_that_is_no_date_is_reported_and_skipped(tmp_path):
    seeds = tmp_path / "seeds"
    write(
        seeds / "001_ok.txt", "---\ntitle: Communiqué\ndate: 2019-01-16 10:58:00 +01:00\n---\nTexte"
    )
    write(seeds / "002_bad.txt", "---\ntitle: Mauvaise date\ndate: 2019-13-45\n---\nTexte")
    write(seeds / "003_bad_name.txt", "---\ntitle: Autre\ndate: le 3 octobre\n---\nTexte")

    report = import_paths([seeds])

    assert [str(issue) for issue in report.errors] == [
        "002_bad.txt : date illisible : « 2019-13-45 »",
        "003_bad_name.txt : date illisible : « le 3 octobre »",
    ]
    assert list(Post.objects.values_list("title", flat=True)) == ["Communiqué"]


def test_a_post_file_name_with_an_impossible_date_is_reported(tmp_path):
    site = make_site(tmp_path / "site", posts={"19-02-30-titre.md": GOOD_POST})

    report = import_paths([site])

    assert [str(issue) for issue in report.errors] == [
        "_posts/19-02-30-titre.md : date illisible : « 19-02-30 »"
    ]
    assert not Post.objects.exists()


def test_a_file_without_front_matter_is_a_page_titled_from_its_content(tmp_path):
    seeds = tmp_path / "seeds"
    write(seeds / "page.txt", "Intro du programme.\n\n## Le principe du Programme X\n\nTexte.")

    report = import_paths([seeds])

    page = Page.objects.exclude(slug__in=LEGAL_PAGES).get()
    assert page.title == "Programme X"
    assert page.body.startswith("Intro du programme.")
    assert report.errors == []
    assert [issue.file for issue in report.warnings] == ["page.txt"]
    assert "pas de front matter" in report.warnings[0].reason


def test_unresolved_names_are_reported_with_file_and_name(tmp_path):
    site = make_site(tmp_path / "site", defis=DEFI, personnes=PERSONNES)

    report = import_paths([site])

    warnings = [str(issue) for issue in report.warnings]
    assert (
        "_data/defis.yml : défi « CartoBio » : EIG « Personne Inconnue » introuvable dans "
        "personnes.yml"
    ) in warnings
    assert "_data/personnes.yml : Camille Exemple : défi « Défi Fantôme » introuvable" in warnings
    assert (
        "_data/defis.yml : défi « CartoBio » : compétence « teleportation » inconnue de skills.yml"
        in warnings
    )
    assert not Fellow.objects.filter(name="Personne Inconnue").exists()
    assert not Mentor.objects.filter(name="Personne Inconnue").exists()
    cartobio = Challenge.objects.get()
    assert list(cartobio.fellows.values_list("name", flat=True)) == ["Camille Exemple"]
    assert list(cartobio.mentors.values_list("name", flat=True)) == ["Marie Mentor"]
    assert cartobio.organization.parent.name == "Ministère de la Transition écologique et solidaire"
    assert cartobio.organization.website == "https://www.agencebio.org"


def test_a_broken_record_is_skipped_while_the_others_are_imported(tmp_path):
    broken = DEFI + '"Sans année":\n  title: Sans année\n  promotion: 3\n'
    site = make_site(tmp_path / "site", defis=broken, personnes=PERSONNES)

    report = import_paths([site])

    assert [str(issue) for issue in report.errors] == [
        "_data/defis.yml : défi « Sans année » : année (« year ») manquante"
    ]
    assert list(Challenge.objects.values_list("title", flat=True)) == ["CartoBio"]


def test_a_second_run_on_a_small_site_changes_nothing(tmp_path):
    site = make_site(
        tmp_path / "site",
        defis=DEFI,
        personnes=PERSONNES,
        posts={"19-01-02-bon.md": GOOD_POST, "_19-01-04-brouillon.md": GOOD_POST},
    )
    first = import_paths([site])

    second = import_paths([site])

    assert first.created > 0
    assert (second.created, second.updated) == (0, 0)
    assert Post.objects.filter(is_published=False).count() == 1


# --- The commands ---


def test_the_command_prints_the_summary_and_file_errors_and_succeeds(tmp_path):
    seeds = tmp_path / "seeds"
    write(seeds / "001_ok.txt", "---\ntitle: Communiqué\ndate: 2019-01-16\n---\nTexte")
    write(seeds / "002_bad.txt", "---\ntitle: [oups\n---\nTexte")
    out = StringIO()

    call_command("import_site", str(seeds), "--no-progress", stdout=out)

    text = out.getvalue()
    assert "actualités" in text
    assert "002_bad.txt : YAML invalide ligne 2" in text
    assert Post.objects.count() == 1


def test_the_command_fails_on_a_missing_path(tmp_path):
    with pytest.raises(CommandError, match="chemin introuvable"):
        call_command("import_site", str(tmp_path / "nowhere"), "--no-progress", stdout=StringIO())


def test_the_command_exit_status_is_non_zero_only_on_a_fatal_error(tmp_path):
    env = {**os.environ, "EIG_VAR_DIR": str(tmp_path)}
    manage = str(Path(settings.BASE_DIR) / "manage.py")

    missing = subprocess.run(
        [sys.executable, manage, "import_site", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert missing.returncode != 0
    assert "chemin introuvable" in missing.stderr


def test_import_demo_data_imports_the_demo_folder(settings, tmp_path):
    write(tmp_path / "figures.yml", "- cohort: 3\n  year: 2019\n  programme: EIG\n  fellows: 32\n")
    write(tmp_path / "seeds" / "001.txt", "---\ntitle: Communiqué\ndate: 2019-01-16\n---\nTexte")
    settings.EIG_DEMO_DATA_DIR = tmp_path
    out = StringIO()

    call_command("import_demo_data", "--no-progress", stdout=out)
    call_command("import_demo_data", "--no-progress", stdout=out)

    assert Post.objects.count() == 1
    assert out.getvalue().count("Total ") == 2
    last_total = out.getvalue().rsplit("Total", 1)[1].split()
    assert last_total[:2] == ["0", "0"]


def test_a_failed_record_does_not_leave_a_rolled_back_cohort_behind(tmp_path):
    defis = """"Premier":
  title: Premier
  year: 2021
  promotion: 5
  duration_months: dix
"Second":
  title: Second
  year: 2021
  promotion: 5
  duration_months: 10
"""
    site = make_site(tmp_path / "site", defis=defis, personnes="")

    report = import_paths([site])

    assert [str(issue) for issue in report.errors] == [
        "_data/defis.yml : défi « Premier » : duration_months : nombre attendu, « dix » trouvé"
    ]
    second = Challenge.objects.get()
    assert (second.title, second.cohort.slug, second.cohort.year) == ("Second", "5", 2021)
