"""The pure parsing layer of the importer: no database."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from eig.importer import parsers
from eig.importer.organizations import organization_key, parse_label, preferred_name
from eig.importer.page_text import consecutive_headings, dated_slug
from eig.importer.parsers import SourceError
from eig.importer.themes import FALLBACK_THEME, themes_for
from eig.organizations.models import OrganizationKind

SEEDS = Path(settings.EIG_DEMO_DATA_DIR) / "seeds"
SEED_002 = SEEDS / "002_89aaca6c2708ff91.txt"


def test_front_matter_is_split_from_the_body():
    meta, body = parsers.split_front_matter("---\ntitle: Bonjour\ntags: [a, b]\n---\n\nCorps\n")

    assert meta == {"title": "Bonjour", "tags": ["a", "b"]}
    assert body == "Corps"


def test_a_file_without_front_matter_is_body_only():
    meta, body = parsers.split_front_matter("Le programme [EIG](x) poursuit…\n\n## Titre\n")

    assert meta is None
    assert body.startswith("Le programme")


def test_windows_line_endings_and_bom_are_read():
    meta, body = parsers.split_front_matter("\ufeff---\r\nnom: Sophie\r\n---\r\n\r\nBio\r\n")

    assert meta == {"nom": "Sophie"}
    assert body == "Bio"


def test_invalid_yaml_is_reported_with_the_line_of_the_file():
    text = "---\ntitle: ok\nauthor: a: b\n---\nbody"

    with pytest.raises(SourceError) as error:
        parsers.split_front_matter(text)

    assert error.value.reason == "YAML invalide ligne 3 : mapping values are not allowed here"


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(SourceError, match="non fermé"):
        parsers.split_front_matter("---\ntitle: x\n\nbody")


def test_dates_stay_text_in_yaml_so_a_bad_date_is_reported_with_its_value():
    meta, _ = parsers.split_front_matter("---\ndate: 2019-13-45\n---\n")

    with pytest.raises(SourceError) as error:
        parsers.parse_datetime(meta["date"])

    assert error.value.reason == "date illisible : « 2019-13-45 »"


def test_a_datetime_keeps_its_offset_and_a_bare_date_is_paris_midnight():
    with_offset = parsers.parse_datetime("2020-05-04 21:58:00 +02:00")
    bare = parsers.parse_datetime("2018-02-27")

    assert with_offset == dt.datetime(2020, 5, 4, 19, 58, tzinfo=dt.UTC)
    assert bare == dt.datetime(2018, 2, 27, tzinfo=parsers.PARIS)
    assert parsers.parse_datetime("2018-10-15 23:59:59").utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize(
    ("name", "date", "slug", "draft"),
    [
        ("18-02-27-bootcamp.md", dt.date(2018, 2, 27), "bootcamp", False),
        (
            "2019-06-12-demarche-mesure-impact-eig.md",
            dt.date(2019, 6, 12),
            "demarche-mesure-impact-eig",
            False,
        ),
        (
            "_18-06-15-comment-les-eig-apprennent.md",
            dt.date(2018, 6, 15),
            "comment-les-eig-apprennent",
            True,
        ),
        ("18-05-29-pourquoi-devenir-EIG.md", dt.date(2018, 5, 29), "pourquoi-devenir-EIG", False),
    ],
)
def test_post_file_names_give_date_slug_and_draft(name, date, slug, draft):
    parsed = parsers.parse_post_filename(name)

    assert (parsed.date, parsed.slug, parsed.is_draft) == (date, slug, draft)


@pytest.mark.parametrize("name", ["19-13-45-titre.md", "sans-date.md"])
def test_a_post_file_name_without_a_valid_date_is_an_error(name):
    with pytest.raises(SourceError):
        parsers.parse_post_filename(name)


def test_legacy_addresses_follow_the_permalinks_of_config():
    config = parsers.load_yaml(
        (Path(settings.EIG_DEMO_DATA_DIR) / "site-eig" / "_config.yml").read_text()
    )
    patterns = parsers.site_permalinks(config)

    post = parsers.expand_permalink(patterns["posts"], date=dt.date(2018, 2, 7), title="bootcamp")
    challenge = parsers.expand_permalink(
        patterns["defis"], date=dt.date(2019, 1, 1), title="cartobio"
    )

    assert post == "/blog/2018/02/07/bootcamp.html"
    assert challenge == "/defis/2019/cartobio.html"


def test_the_title_of_seed_002_comes_from_its_first_heading():
    _, body = parsers.split_front_matter(SEED_002.read_text())

    assert parsers.derive_title(body) == "Programme EIG - Promotion 2"


def test_without_heading_the_title_is_the_first_sentence():
    body = "Le programme [EIG](https://x) recrute des talents. Suite du texte.\n\nAutre."

    assert parsers.derive_title(body) == "Le programme EIG recrute des talents"


def test_the_press_review_of_seed_002_is_cut_from_the_page_with_its_sections():
    _, body = parsers.split_front_matter(SEED_002.read_text())

    page_body, review = parsers.split_press_review(body)

    assert "Revue de presse" not in page_body
    assert "modernisation.gouv.fr" not in page_body
    assert page_body.rstrip().endswith("dinteret-general)")
    assert review.year == 2017
    assert [section.title for section in review.sections] == [
        "Du côté de la DINSIC",
        "Ailleurs dans la presse",
        "Du côté des administrations",
        "Annonce d'événements",
    ]
    assert [len(section.items) for section in review.sections] == [7, 10, 8, 3]
    assert review.sections[1].items[0].url == "https://www.youtube.com/watch?v=-fF5871_8vU"


def test_an_event_announcement_gives_title_date_place_and_kind():
    announced = parsers.parse_event_announcement(
        "Entrepreneur d’Intérêt Général, Promo 1 : session de restitution des défis, "
        "26 octobre 2017, Liberté Living Lab"
    )

    assert announced.date == dt.date(2017, 10, 26)
    assert (
        announced.title
        == "Entrepreneur d’Intérêt Général, Promo 1 : session de restitution des défis"
    )
    assert announced.location == "Liberté Living Lab"
    assert announced.kind == "restitution"
    assert announced.cohort_number == 1


def test_a_french_date_without_year_takes_the_default_year_and_checks_the_weekday():
    right = parsers.find_french_date("mardi 12 mai", default_year=2020)
    wrong = parsers.find_french_date("mercredi 12 mai", default_year=2020)

    assert right.date == dt.date(2020, 5, 12)
    assert right.weekday_matches
    assert not wrong.weekday_matches
    assert parsers.parse_french_date("1er juillet 2017") == dt.date(2017, 7, 1)


def test_faq_html_is_sanitised():
    html = (
        '<p onclick="x()">Voir <a href="https://a.fr" target="_blank">ici</a></p>'
        "<script>alert(1)</script><ul><li><strong>un</strong></li></ul><img src=x>"
    )

    cleaned = parsers.sanitize_html(html)

    assert "onclick" not in cleaned
    assert "script" not in cleaned
    assert "<img" not in cleaned
    assert "target" not in cleaned
    assert 'href="https://a.fr"' in cleaned
    assert "<ul><li><strong>un</strong></li></ul>" in cleaned


def test_slugs_from_titles_are_short_and_do_not_end_on_a_small_word():
    slug = parsers.slug_from_title(
        "L’État recrute 41 talents du numérique pour former une 4e promotion "
        "d’Entrepreneurs d’Intérêt Général encore plus ambitieuse"
    )

    assert slug == "l-etat-recrute-41-talents-du-numerique-pour-former-une-4e-promotion"
    assert parsers.slug_from_title("Le programme", drop_article=True) == "programme"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Laure Dupont", "laure-dupont"),
        ("Lesage", "lesage"),
        ("Leila", "leila"),
        ("Unedic", "unedic"),
        ("La promotion", "promotion"),
        ("Les défis", "defis"),
        ("L'équipe", "equipe"),
        ("L’État", "etat"),
        ("Une page", "page"),
    ],
)
def test_only_a_whole_leading_article_is_dropped(title, slug):
    assert parsers.slug_from_title(title, drop_article=True) == slug


def test_a_video_entry_gets_its_address_from_platform_and_id():
    video = parsers.video_entry(
        "intro", {"id": 563710999, "platform": "vimeo", "description": "Démo", "show": True}
    )

    assert video["url"] == "https://vimeo.com/563710999"
    assert video["kind"] == "intro"
    assert video["label"] == "Démo"


# --- Organizations ---


@pytest.mark.parametrize(
    ("label", "host", "acronym", "ministry"),
    [
        (
            "Ministère de la Culture, Direction générale de la création artistique, "
            "Service du Mobilier National",
            "Service du Mobilier National",
            "",
            "Ministère de la Culture",
        ),
        (
            "Agence BIO, Ministère de la Transition écologique et solidaire",
            "Agence Française pour le Développement et la Promotion de l’Agriculture Biologique",
            "",
            "Ministère de la Transition écologique et solidaire",
        ),
        (
            "Institut national de l'information géographique et forestière - Ministère de "
            "la Transition Écologique et Solidaire",
            "Institut national de l'information géographique et forestière",
            "",
            "Ministère de la Transition Écologique et Solidaire",
        ),
        (
            "Services du Premier ministre, direction interministérielle du numérique et du "
            "système d’information et de communication de l’État, Etalab",
            "Etalab",
            "",
            "Services du Premier ministre",
        ),
        (
            "Ministère de l’Intérieur et Agence nationale du traitement automatisé des "
            "infractions (ANTAI)",
            "Agence nationale du traitement automatisé des infractions",
            "ANTAI",
            "Ministère de l’Intérieur",
        ),
        (
            "Direction générale de la concurrence, de la consommation et de la répression "
            "des fraudes (DGCCRF)",
            "Direction générale de la concurrence, de la consommation et de la répression "
            "des fraudes",
            "DGCCRF",
            None,
        ),
        (
            "Programme VITAM - Programme interministériel d'archivage numérique",
            "Programme VITAM - Programme interministériel d'archivage numérique",
            "",
            None,
        ),
        (
            "Direction interministérielle du numérique (DINUM),",
            "Direction interministérielle du numérique",
            "DINUM",
            None,
        ),
    ],
)
def test_administration_strings_give_host_acronym_and_ministry(label, host, acronym, ministry):
    parsed = parse_label(label)

    assert parsed.host.name == host
    assert parsed.host.acronym == acronym
    assert (parsed.ministry.name if parsed.ministry else None) == ministry


def test_a_ministry_alone_is_its_own_host():
    parsed = parse_label("Ministère de la Culture")

    assert parsed.host.kind == OrganizationKind.MINISTRY
    assert parsed.host == parsed.ministry


def test_case_accent_and_acronym_variants_are_one_organization():
    assert organization_key("Cour de cassation") == organization_key("Cour de Cassation")
    assert organization_key("Direction Générale de la Gendarmerie Nationale") == organization_key(
        "Direction générale de la gendarmerie nationale (DGGN)"
    )
    assert organization_key("Ministère de la Transition écologique et solidaire") == (
        organization_key("Ministère de la Transition Ecologique et Solidaire")
    )


def test_the_preferred_spelling_is_the_most_frequent_then_the_least_capitalised():
    from collections import Counter

    assert preferred_name(Counter({"Cour de Cassation": 1, "Cour de cassation": 1})) == (
        "Cour de cassation"
    )
    assert preferred_name(
        Counter({"Ministère de la culture": 1, "Ministère de la Culture": 2})
    ) == ("Ministère de la Culture")


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Cour des comptes", OrganizationKind.INDEPENDENT),
        ("Agence Française de Développement", OrganizationKind.AGENCY),
        ("Direction du budget", OrganizationKind.DIRECTORATE),
        ("Ministère des Armées", OrganizationKind.MINISTRY),
        ("Brigade de Sapeurs-Pompiers de Paris", OrganizationKind.OTHER),
    ],
)
def test_organization_kinds(label, kind):
    assert parse_label(label).host.kind == kind


def test_themes_come_from_the_keyword_table_with_a_fallback():
    assert themes_for("Open Justice", "Ouvrir la jurisprudence", "Cour de cassation") == ["Justice"]
    assert "Mer" in themes_for("MonitorFish", "Améliorer le contrôle des navires de pêche", "")
    assert themes_for("Xyz", "", "") == [FALLBACK_THEME]


def test_hugo_shortcodes_become_markdown_links():
    from eig.importer.parsers import hugo_shortcodes

    text, unknown = hugo_shortcodes(
        "Avant.\n"
        '{{< arrow-link url="https://bzg.fr/" title="Site personnel" target="true" >}}\n'
        'Puis {{< dailymotion x7zgtds "Vidéo Demo Day EIG 4">}} et {{< figure src="a.png" >}}.'
    )

    assert "[Site personnel](https://bzg.fr/)" in text
    assert "[Vidéo Demo Day EIG 4 (Dailymotion)](https://www.dailymotion.com/video/x7zgtds)" in text
    assert "{{<" not in text and "Avant." in text
    assert unknown == ["figure"]


def test_dated_slug_names_a_page_after_the_latest_year_it_mentions():
    assert dated_slug("programme", "Le programme", "Décidé en juin 2016… lancée en 2017") == (
        "programme-2017"
    )
    assert dated_slug("programme", "Le programme", "sans date") == "programme-archive"


def test_cms_headings_are_renumbered_with_no_level_skipped():
    text = "## Comment ça marche ?\n\n#### Pour les EIG\n\nTexte.\n\n#### Pour les administrations"

    assert consecutive_headings(text) == (
        "## Comment ça marche ?\n\n### Pour les EIG\n\nTexte.\n\n### Pour les administrations"
    )
    assert consecutive_headings("#### Seul titre\n\n#hashtag") == "## Seul titre\n\n#hashtag"
