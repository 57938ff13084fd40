"""The check of a text's links to pages of this site (eig/content/link_check.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eig.content.link_check import dead_internal_links, internal_links, link_warnings
from eig.importer.models import Redirect
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    EventFactory,
    FellowFactory,
    MentorFactory,
    PageFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db


def dead(text: str) -> list[str]:
    return [link.url for link in dead_internal_links(text)]


def test_a_missing_defi_is_flagged_with_a_french_warning():
    assert link_warnings("Voir [ce défi](/defis/2099/x/).") == [
        "Ce lien ne mène nulle part : /defis/2099/x/"
    ]


def test_a_published_defi_is_alive_and_a_draft_is_not():
    real = ChallengeFactory(slug="archifiltre", year=2018)
    draft = ChallengeFactory(slug="brouillon", year=2018, draft=True)

    text = (
        f"[a]({real.get_absolute_url()}) [b](/defis/2018/brouillon/) [c](/defis/2019/archifiltre/)"
    )

    assert dead(text) == ["/defis/2018/brouillon/", "/defis/2019/archifiltre/"]
    assert draft.get_absolute_url() == "/defis/2018/brouillon/"


def test_each_kind_of_page_is_looked_up_as_the_public_site_shows_it():
    PostFactory(slug="nouvelle")
    PostFactory(slug="cachee", draft=True)
    PageFactory(slug="accompagnement")
    CohortFactory(slug="eig-9", unpublished=True)
    FellowFactory(slug="camille")
    FellowFactory(slug="discrete", private=True)
    MentorFactory(slug="dominique")
    EventFactory(slug="webinaire")

    text = "\n".join(
        [
            "[1](/actualites/nouvelle/)",
            "[2](/actualites/cachee/)",
            "[3](/programme/accompagnement/)",
            "[4](/programme/)",  # no `programme` page yet
            "[5](/promotions/eig-9/)",
            "[6](/eig/camille/)",
            "[7](/eig/discrete/)",
            "[8](/mentors/dominique/)",
            "[9](/evenements/webinaire/)",
            "[10](/defis/)",
            "[11](/pas-de-page/)",
        ]
    )

    assert dead(text) == [
        "/actualites/cachee/",
        "/programme/",
        "/promotions/eig-9/",
        "/eig/discrete/",
        "/pas-de-page/",
    ]


def test_the_site_origin_the_english_prefix_and_a_missing_final_slash(settings):
    settings.EIG_SITE_URL = "https://eig.example.gouv.fr"
    ChallengeFactory(slug="archifiltre", year=2018)

    text = (
        "[a](https://eig.example.gouv.fr/defis/2018/archifiltre/) "
        "[b](/en/defis/2018/archifiltre/?x=1#equipe) [c](/defis) "
        "[d](https://eig.example.gouv.fr/en/defis/2018/absent/) "
        "![e](https://www.eig.example.gouv.fr/promotions/absente/)"
    )

    assert dead(text) == [
        "https://eig.example.gouv.fr/en/defis/2018/absent/",
        "https://www.eig.example.gouv.fr/promotions/absente/",
    ]


def test_other_sites_files_mail_and_anchors_are_not_checked():
    text = (
        "[a](https://example.org/defis/2099/x/) [b](mailto:eig@example.org) [c](#plan) "
        "![d](/media/imports/ab/absent.png) [e](/static/eig/site.css) [f](relative/page/) "
        # A picture of the original site's tree: the renderer links it there.
        "![g](/img/absente.png)"
    )

    assert internal_links(text) == []
    assert dead(text) == []


def test_an_original_site_address_is_checked_where_the_renderer_sends_it():
    """The renderer makes an original-site link local; the redirects take it."""
    ChallengeFactory(slug="archifiltre", year=2018)

    text = (
        "[a](https://entrepreneur-interet-general.etalab.gouv.fr/defis/2018/archifiltre.html) "
        "[b](https://entrepreneur-interet-general.etalab.gouv.fr/defis/2018/inconnu.html)"
    )

    assert dead(text) == ["/defis/2018/inconnu.html"]


def test_legacy_addresses_the_redirects_answer_are_alive():
    ChallengeFactory(slug="gobelins", year=2018)
    PostFactory(slug="lancement", legacy_path="/blog/2017/01/10/lancement.html")
    FellowFactory(slug="camille-martin")
    Redirect.objects.create(
        old_path="/defis/ancien-nom/",
        url_name="challenges:detail",
        url_kwargs={"year": 2018, "slug": "gobelins"},
    )
    Redirect.objects.create(old_path="/uploads/communique.pdf", target_path="/media/c.pdf")

    alive = (
        "[1](/defis.html) [2](/en/presentation.html) [3](/blog/) "
        "[4](/defis/2017/gobelins.html) [5](/blog/2017/01/10/lancement.html) "
        "[6](/communaute/2018/camille-martin.html) [7](/defis/ancien-nom/) "
        "[8](/en/defis/ancien-nom) [9](/uploads/communique.pdf)"
    )
    assert dead(alive) == []


def test_a_redirect_to_a_page_that_is_gone_leads_nowhere():
    ChallengeFactory(slug="retire", year=2018, draft=True)
    Redirect.objects.create(
        old_path="/defis/retire/",
        url_name="challenges:detail",
        url_kwargs={"year": 2018, "slug": "retire"},
    )
    Redirect.objects.create(old_path="/defis/renomme/", url_name="challenges:no-such-page")

    assert dead("[a](/defis/retire/) [b](/defis/renomme/) [c](/inconnu.html)") == [
        "/defis/retire/",
        "/defis/renomme/",
        "/inconnu.html",
    ]


def _queries(text: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        dead_internal_links(text)
    return len(captured.captured_queries)


def _links_of_every_kind(count: int) -> str:
    lines = []
    for n in range(count):
        lines += [
            f"[d{n}](/defis/2018/defi-absent-{n}/)",
            f"[p{n}](/actualites/post-{n}/)",
            f"[g{n}](/programme/page-{n}/)",
            f"[c{n}](/promotions/promo-{n}/)",
            f"[f{n}](/eig/personne-{n}/)",
            f"[m{n}](/mentors/mentor-{n}/)",
            f"[e{n}](/evenements/evenement-{n}/)",
            f"[l{n}](/defis/2018/ancien-{n}.html)",
            f"[u{n}](/nulle-part-{n}/)",
        ]
    return "\n\n".join(lines)


def test_the_queries_do_not_grow_with_the_number_of_links():
    ChallengeFactory(slug="defi-absent-0", year=2018)
    Redirect.objects.create(
        old_path="/nulle-part-1/",
        url_name="challenges:detail",
        url_kwargs={"year": 2018, "slug": "defi-absent-0"},
    )

    few, many = _queries(_links_of_every_kind(2)), _queries(_links_of_every_kind(40))

    assert few == many
    assert many <= 17  # 7 kinds + the legacy union + the redirects + 7 kinds of their targets
    assert len(dead(_links_of_every_kind(40))) == 40 * 9 - 2  # the défi, and the redirect to it
