"""`eig.core.links`: the one place absolute links are built, on EIG_SITE_URL."""

from django.utils import translation

from eig.core.links import absolute_link, absolute_url, site_host, site_origin


def test_absolute_url_is_the_french_path_on_the_setting(settings):
    settings.EIG_SITE_URL = "https://eig.exemple.gouv.fr/"
    with translation.override("en"):
        assert absolute_url("accounts:login") == "https://eig.exemple.gouv.fr/compte/connexion/"
    assert site_origin() == "https://eig.exemple.gouv.fr"
    assert site_host() == "eig.exemple.gouv.fr"


def test_absolute_link_without_a_request_reads_the_setting(settings):
    settings.EIG_SITE_URL = "https://eig.exemple.gouv.fr"
    assert absolute_link("/media/a b.pdf") == "https://eig.exemple.gouv.fr/media/a%20b.pdf"
    assert absolute_link("uploads/x.png") == "https://eig.exemple.gouv.fr/uploads/x.png"
    assert absolute_link("https://ailleurs.fr/x") == "https://ailleurs.fr/x"
    assert absolute_link("") == ""
    assert absolute_link(None) is None
