import re
from unittest import mock

import pytest

from tests.opendata.factories import (
    ChallengeFactory,
    ChallengeMentorFactory,
    FellowFactory,
    KeyFigureFactory,
    MentorFactory,
    OrganizationFactory,
    ProjectFactory,
    SkillFactory,
    ThemeFactory,
)
from tests.opendata.world import SECRET_WORDS

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
LISTS = ["cohorts", "challenges", "organizations", "fellows", "posts", "events"]


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize("name", LISTS)
def test_lists_hold_only_public_records_and_no_email(client, world, name):
    response = client.get(f"/api/v1/{name}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    text = response.content.decode()
    for word in SECRET_WORDS:
        assert word not in text
    assert not EMAIL.search(text), EMAIL.search(text)
    assert response.json()["count"] >= 1


def test_details_hold_only_public_records_and_no_email(client, world):
    urls = [
        "/api/v1/cohorts/eig-3/",
        "/api/v1/challenges/2019/securite/",
        "/api/v1/organizations/ministere-justice/",
        "/api/v1/fellows/ada-lovelace/",
        "/api/v1/posts/fr/bilan/",
        "/api/v1/posts/en/bilan/",
        "/api/v1/events/webinaire-eig3/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert not EMAIL.search(text), (url, EMAIL.search(text))
        for word in SECRET_WORDS:
            assert word not in text, (url, word)
        assert "presse-secret" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/challenges/2019/brouillon/",  # unpublished défi
        f"/api/v1/challenges/2030/{'defi'}-x/",  # unknown
        "/api/v1/cohorts/eig-9/",  # unpublished cohort
        "/api/v1/fellows/personne-privee/",  # private profile
        "/api/v1/posts/fr/brouillon/",  # draft post
        "/api/v1/posts/fr/futur/",  # not yet published
        "/api/v1/posts/de/bilan/",  # no such language
        "/api/v1/events/brouillon/",  # unpublished event
        "/api/v1/organizations/agence-seule/",  # hosts only a draft
    ],
)
def test_private_or_unknown_objects_are_a_json_404(client, world, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 404
    assert response.json()["error"] == "not_found"


def test_challenge_detail_gives_its_relations(client, world):
    challenge = world["challenge"]
    KeyFigureFactory(challenge=challenge, amount=1288, suffix=" %", description="Dossiers")
    ProjectFactory(challenge=challenge, title="Outil de suivi")
    ChallengeMentorFactory(challenge=challenge, mentor=MentorFactory(name="Marie Simon"))
    ChallengeMentorFactory(
        challenge=challenge, mentor=MentorFactory(name="Mentor Caché", is_public=False)
    )

    data = client.get("/api/v1/challenges/2019/securite/").json()

    assert data["cohort"]["slug"] == "eig-3"
    assert data["organization"]["slug"] == "dap"
    assert [t["slug"] for t in data["themes"]] == ["justice"]
    assert {s["profile"] for s in data["skills"]} == {"developer", "designer"}
    assert data["key_figures"] == [
        {"prefix": "", "amount": 1288.0, "suffix": " %", "description": "Dossiers"}
    ]
    assert [p["title"] for p in data["projects"]] == ["Outil de suivi"]
    assert [f["slug"] for f in data["team"]] == ["ada-lovelace"]
    assert [m["name"] for m in data["mentors"]] == ["Marie Simon"]
    assert data["url"] == "http://testserver/api/v1/challenges/2019/securite/"


def test_challenges_filter_like_the_catalogue(client, world):
    cohort = world["cohort"]
    other_ministry = OrganizationFactory(slug="culture", name="Ministère de la Culture")
    design = SkillFactory(code="design", label="Design", profile="designer")
    data = SkillFactory(code="datascience", label="Data science", profile="data_scientist")
    ChallengeFactory(
        slug="musees",
        title="Musées ouverts",
        cohort=cohort,
        organization=other_ministry,
        themes=[ThemeFactory(slug="culture", name="Culture")],
        skills=[data],
    )
    ChallengeFactory(
        slug="prisons",
        title="Prisons",
        cohort=cohort,
        organization=world["ministry"],
        skills=[design],
    )

    def found(query: str) -> list[str]:
        response = client.get(f"/api/v1/challenges/?{query}")
        assert response.status_code == 200, response.content
        return sorted(slugs(response))

    assert found("") == ["musees", "prisons", "securite"]
    assert found("cohort=eig-3&theme=culture") == ["musees"]
    assert found("cohort=eig-4") == []
    # a ministry brings the défis of its directorates
    assert found("organization=ministere-justice") == ["prisons", "securite"]
    assert found("organization=dap") == ["securite"]
    assert found("profile=designer") == ["prisons", "securite"]
    assert found("profile=data_scientist") == ["musees"]
    assert found("q=securite") == ["securite"]  # accents ignored
    assert found("q=DÉTENUS sécurité") == ["securite"]
    assert found("q=securite musees") == []
    assert found("year=2019&profile=") == ["musees", "prisons", "securite"]


def test_other_filters(client, world):
    assert slugs(client.get("/api/v1/fellows/?cohort=eig-3&profile=developer")) == ["ada-lovelace"]
    assert slugs(client.get("/api/v1/fellows/?profile=designer")) == []
    assert slugs(client.get("/api/v1/organizations/?kind=ministry")) == ["ministere-justice"]
    assert slugs(client.get("/api/v1/organizations/?parent=ministere-justice")) == ["dap"]
    assert [p["language"] for p in client.get("/api/v1/posts/?language=en").json()["results"]] == [
        "en"
    ]
    assert slugs(client.get("/api/v1/events/?kind=webinar&cohort=eig-3")) == ["webinaire-eig3"]
    assert slugs(client.get("/api/v1/events/?kind=jury")) == []


@pytest.mark.parametrize(
    "query,field",
    [
        ("profile=astronaut", "profile"),
        ("year=deux-mille", "year"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page=-1", "page"),
        ("page=abc", "page"),
    ],
)
def test_bad_parameters_are_a_json_400_naming_them(client, world, query, field):
    response = client.get(f"/api/v1/challenges/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["error"] == "invalid"
    assert list(body["fields"]) == [field]


def test_pages_are_stable_and_cover_everything(client, world):
    cohort = world["cohort"]
    for index in range(44):
        ChallengeFactory(cohort=cohort, title="Même titre", slug=f"meme-{index:02d}")

    seen = []
    url = "/api/v1/challenges/?page_size=10"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert client.get(url).json() == response.json()  # same page twice
        seen += slugs(response)
        url = response.json()["next"]

    assert len(seen) == len(set(seen)) == 45
    assert client.get("/api/v1/challenges/?page_size=10&page=6").status_code == 404


def test_etag_and_conditional_get(client, world):
    first = client.get("/api/v1/challenges/")
    etag = first["ETag"]

    again = client.get("/api/v1/challenges/", HTTP_IF_NONE_MATCH=etag)
    ChallengeFactory(cohort=world["cohort"], slug="nouveau")
    changed = client.get("/api/v1/challenges/", HTTP_IF_NONE_MATCH=etag)

    assert first["Cache-Control"] == "public, max-age=300"
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert again.status_code == 304
    assert again.content == b""
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_answers_do_not_depend_on_accept_language(client, world):
    french = client.get("/api/v1/events/")
    english = client.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="en")

    assert french["ETag"] == english["ETag"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/challenges/", "/api/v1/cohorts/eig-3/"])
def test_unsafe_methods_are_a_json_405(client, world, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")

    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert "GET" in response.json()["detail"]


def test_head_and_options_are_allowed(client, world):
    assert client.head("/api/v1/challenges/").status_code == 200
    assert client.options("/api/v1/challenges/").status_code == 200


def test_unknown_address_is_a_json_404_and_a_missing_slash_redirects(client, db):
    unknown = client.get("/api/v1/nothing/here/")
    no_slash = client.get("/api/v1/challenges?page=2")

    assert unknown.status_code == 404
    assert unknown.json()["error"] == "not_found"
    assert no_slash.status_code == 301
    assert no_slash["Location"] == "/api/v1/challenges/?page=2"


@pytest.mark.parametrize("debug", [False, True])
def test_a_bug_is_a_json_500_without_trace(client, world, settings, debug):
    settings.DEBUG = debug
    with mock.patch("eig.api.selectors.challenges", side_effect=RuntimeError("boom secret")):
        response = client.get("/api/v1/challenges/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "server_error"
    assert "Traceback" not in response.content.decode()
    assert "boom secret" not in response.content.decode()


def test_openapi_document_describes_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")

    document = response.json()
    assert response.status_code == 200
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {f"/api/v1/{name}/" for name in LISTS} | {
        "/api/v1/cohorts/{slug}/",
        "/api/v1/challenges/{year}/{slug}/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/fellows/{slug}/",
        "/api/v1/posts/{language}/{slug}/",
        "/api/v1/events/{slug}/",
    }
    challenges = document["paths"]["/api/v1/challenges/"]["get"]
    assert {p["name"] for p in challenges["parameters"]} >= {
        "cohort",
        "theme",
        "organization",
        "profile",
        "q",
        "page",
        "page_size",
    }
    assert "Public" in challenges["description"]
    assert "ETag" in response


def test_documentation_page_is_rendered_from_the_document(client, db):
    response = client.get("/api/v1/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in html
    assert "/api/v1/challenges/{year}/{slug}/" in html
    assert "<code>organization</code>" in html
    assert 'href="/api/v1/openapi.json"' in html
    assert client.post("/api/v1/docs/").status_code == 405


def test_root_lists_the_resources(client, db):
    data = client.get("/api/v1/").json()

    assert data["challenges"] == "http://testserver/api/v1/challenges/"
    assert set(data) == {*LISTS, "openapi", "documentation"}


def test_lists_run_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries, bounded_get
):
    theme = world["theme"]
    skill = SkillFactory()
    for _ in range(25):
        challenge = ChallengeFactory(cohort=world["cohort"], themes=[theme], skills=[skill])
        FellowFactory(cohorts=[world["cohort"]], challenges=[challenge])
        KeyFigureFactory(challenge=challenge)

    for name in LISTS:
        with django_assert_max_num_queries(6):
            assert client.get(f"/api/v1/{name}/?page_size=100").status_code == 200
    bounded_get(client, "/api/v1/challenges/2019/securite/", queries=10, contains='"slug"')


def test_no_email_even_in_long_texts(client, world):
    post = world["post"]
    post.body = "Écrire à [la presse](mailto:guillaume.l@interieur.gouv.fr)."
    post.save()

    body = client.get("/api/v1/posts/fr/bilan/").json()["body"]

    assert body == "Écrire à [la presse]([adresse masquée])."


def test_documentation_page_has_one_title_and_no_external_asset(client, db):
    html = client.get("/api/v1/docs/").content.decode()

    assert html.count("<h1") == 1
    assert "cdn." not in html
    assert "unpkg" not in html


def test_every_link_is_absolute_even_when_stored_as_a_path(client, world):
    """Issue 14: the import stores pictures and documents as paths of this site
    (`/media/imports/…`, `/docs/…`); the API gives them on this site's address,
    keeps other sites' addresses, and leaves an empty link empty."""
    challenge = world["challenge"]
    ProjectFactory(
        challenge=challenge,
        title="Parcours",
        url="/docs/EIG4_livrables/sedaccord_workflow_2020.pdf",
        image="/media/imports/7d/parcours.jpg",
    )
    ProjectFactory(challenge=challenge, title="Sans lien", url="", image="")
    ChallengeMentorFactory(
        challenge=challenge,
        mentor=MentorFactory(name="Marie Simon", photo_url="/media/imports/aa/marie.png"),
    )

    detail = client.get("/api/v1/challenges/2019/securite/").json()
    listed = client.get("/api/v1/challenges/").json()["results"][0]
    fellow = client.get("/api/v1/fellows/").json()["results"][0]

    assert [(p["url"], p["image"]) for p in detail["projects"]] == [
        (
            "http://testserver/docs/EIG4_livrables/sedaccord_workflow_2020.pdf",
            "http://testserver/media/imports/7d/parcours.jpg",
        ),
        ("", ""),
    ]
    for data in (detail, listed):
        assert data["image"] == "http://testserver/media/imports/ab/abcdef_200x200.svg"
        assert data["is_startup_detat"] is True
        assert data["startup_detat_url"] == "https://beta.gouv.fr/startups/securite.html"
    assert detail["mentors"][0]["photo_url"] == "http://testserver/media/imports/aa/marie.png"
    assert detail["mentors"][0]["html_url"].startswith("http://testserver/")
    assert fellow["photo_url"] == "http://testserver/media/imports/cd/ada%20lovelace.jpg"
    assert fellow["github"] == "https://github.com/ada"


def test_openapi_document_promises_absolute_links_and_the_new_fields(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    for name, fields in {
        "Challenge": ["image", "startup_detat_url"],
        "ChallengeDetail": ["image", "startup_detat_url", "website"],
        "Project": ["url", "image"],
        "Mentorship": ["photo_url"],
        "Fellow": ["photo_url", "github", "linkedin", "website"],
        "Post": ["image"],
        "Attachment": ["url"],
        "Event": ["registration_url", "replay_url"],
    }.items():
        for field in fields:
            spec = schemas[name]["properties"][field]
            assert {"format": "uri"} in spec["anyOf"], (name, field, spec)
    assert schemas["Challenge"]["properties"]["is_startup_detat"]["type"] == "boolean"
