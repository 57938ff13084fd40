import csv
import io
import json
import re

import pytest
from frictionless import Resource, Schema, validate

from eig.challenges.models import Challenge
from eig.demo.fake_data import generate_fake_data
from eig.opendata.datasets import DATASETS
from tests.opendata.factories import ChallengeFactory, FellowFactory
from tests.opendata.world import SECRET_WORDS

NAMES = list(DATASETS)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_page_lists_each_dataset_with_its_size_and_downloads(client, world):
    response = client.get("/donnees/")

    assert response.status_code == 200
    html = response.content.decode()
    for name in NAMES:
        assert f'href="/donnees/{name}.csv"' in html
        assert f'href="/donnees/{name}.json"' in html
        assert f'href="/donnees/{name}.schema.json"' in html
    rows = re.findall(r"<td>(\d+)</td>", html)
    # promotions 1, défis 1, organisations 2 (directorate and its ministry), eig 1,
    # événements 1, actualités 2 (French and English), statistiques 1 (the cohort),
    # statistiques-repartition 2 (the défi's theme and ministry)
    assert rows == ["1", "1", "2", "1", "1", "2", "1", "2"]


@pytest.mark.parametrize("name", NAMES)
def test_csv_validates_against_its_table_schema(client, world, tmp_path, name):
    (tmp_path / f"{name}.csv").write_bytes(download(client, f"/donnees/{name}.csv"))
    schema = json.loads(download(client, f"/donnees/{name}.schema.json"))

    report = validate(
        Resource(path=f"{name}.csv", schema=Schema.from_descriptor(schema), basepath=str(tmp_path))
    )

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] >= 1


def _local_package(client, tmp_path, monkeypatch, *, alter=lambda name, content: content):
    """The data package with each CSV downloaded next to it (frictionless reads
    only paths under the current directory)."""
    package = json.loads(download(client, "/donnees/datapackage.json"))
    for resource in package["resources"]:
        name = resource["name"]
        content = alter(name, download(client, f"/donnees/{name}.csv"))
        (tmp_path / f"{name}.csv").write_bytes(content)
        resource["path"] = f"{name}.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    monkeypatch.chdir(tmp_path)
    return package


def test_data_package_lists_every_dataset_and_its_references(client, world, tmp_path, monkeypatch):
    package = _local_package(client, tmp_path, monkeypatch)

    report = validate("datapackage.json")

    assert [r["name"] for r in package["resources"]] == NAMES
    defis = next(r for r in package["resources"] if r["name"] == "defis")
    assert {fk["reference"]["resource"] for fk in defis["schema"]["foreignKeys"]} == {
        "promotions",
        "organisations",
    }
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])


def test_a_dangling_reference_between_files_is_caught(client, world, tmp_path, monkeypatch):
    """The check above can fail: here the défis point to a cohort that is gone."""

    def drop_cohorts(name, content):
        return content.splitlines(keepends=True)[0] if name == "promotions" else content

    _local_package(client, tmp_path, monkeypatch, alter=drop_cohorts)

    report = validate("datapackage.json")

    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


@pytest.mark.parametrize("name", NAMES)
def test_csv_header_json_keys_and_schema_fields_agree(client, world, name):
    schema = json.loads(download(client, f"/donnees/{name}.schema.json"))
    fields = [field["name"] for field in schema["fields"]]
    rows = list(csv.reader(io.StringIO(download(client, f"/donnees/{name}.csv").decode("utf-8"))))
    records = json.loads(download(client, f"/donnees/{name}.json"))

    assert rows[0] == fields
    assert len(rows) - 1 == len(records) >= 1
    assert all(list(record) == fields for record in records)
    assert schema["primaryKey"]
    assert all({"name", "title", "description", "type"} <= set(f) for f in schema["fields"])


@pytest.mark.parametrize("name", NAMES)
def test_downloads_hold_no_private_record_and_no_email(client, world, name):
    for url in (f"/donnees/{name}.csv", f"/donnees/{name}.json"):
        text = download(client, url).decode("utf-8")
        for word in SECRET_WORDS:
            assert word not in text, (url, word)
            assert json.dumps(word)[1:-1] not in text, (url, word)
        assert not EMAIL.search(text), (url, EMAIL.search(text))


def test_defis_rows_carry_their_relations(client, world):
    records = json.loads(download(client, "/donnees/defis.json"))

    assert records == [
        {
            "year": 2019,
            "slug": "securite",
            "title": "Sécurité des détenus",
            "pitch": "Écrire à [adresse masquée] pour en savoir plus, ou à [adresse masquée].",
            "cohort": "eig-3",
            "organization": "dap",
            "organization_name": "Direction de l'administration pénitentiaire",
            "town": "Paris",
            "duration_months": None,
            "funding": None,
            "themes": ["justice"],
            "skills": ["design", "dev"],
            "fellows_count": 1,
            "website": None,
            "image": "http://testserver/media/imports/ab/abcdef_200x200.svg",
            "is_startup_detat": True,
            "startup_detat_url": "https://beta.gouv.fr/startups/securite.html",
            "url": "http://testserver/defis/2019/securite/",
        }
    ]


def test_fellow_rows_list_only_public_cohorts_and_defis(client, world):
    rows = list(csv.DictReader(io.StringIO(download(client, "/donnees/eig.csv").decode())))

    assert [(r["slug"], r["cohorts"], r["challenges"], r["github"]) for r in rows] == [
        ("ada-lovelace", "eig-3", "2019/securite", "https://github.com/ada")
    ]
    # The photo is stored as a path of this site: it leaves it absolute (and encoded).
    assert rows[0]["photo"] == "http://testserver/media/imports/cd/ada%20lovelace.jpg"


def test_csv_is_utf8_comma_separated_and_streamed(client, world):
    response = client.get("/donnees/organisations.csv")

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.splitlines()[0].startswith("slug,name,acronym,kind,parent,")
    assert "dap,Direction de l'administration pénitentiaire,,directorate,ministere-justice," in text


def test_a_lone_schema_refers_to_no_other_file(client, world):
    """So that a validator given one CSV and its schema can check it alone."""
    schema = json.loads(download(client, "/donnees/defis.schema.json"))

    assert "foreignKeys" not in schema
    assert schema["primaryKey"] == ["year", "slug"]


def test_schema_is_table_schema_with_constraints(client, world):
    schema = json.loads(download(client, "/donnees/organisations.schema.json"))

    kind = next(f for f in schema["fields"] if f["name"] == "kind")
    assert kind["constraints"]["enum"] == [
        "ministry",
        "directorate",
        "agency",
        "independent",
        "other",
    ]
    assert schema["primaryKey"] == ["slug"]
    assert schema["foreignKeys"] == [
        {"fields": "parent", "reference": {"resource": "", "fields": "slug"}}
    ]
    assert schema["path"] == "http://testserver/donnees/organisations.schema.json"
    Schema.from_descriptor(schema)  # frictionless accepts it


def test_unknown_dataset_is_404(client, db):
    assert client.get("/donnees/secrets.csv").status_code == 404
    assert client.get("/donnees/secrets.schema.json").status_code == 404


def test_downloads_refuse_unsafe_methods(client, db):
    assert client.post("/donnees/defis.csv").status_code == 405


def test_csv_download_runs_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for _ in range(30):
        challenge = ChallengeFactory(cohort=world["cohort"], themes=[world["theme"]])
        FellowFactory(cohorts=[world["cohort"]], challenges=[challenge])

    for name in NAMES:
        with django_assert_max_num_queries(6):
            download(client, f"/donnees/{name}.csv")


def test_a_generated_programme_validates_as_a_data_package(client, db, tmp_path, monkeypatch):
    generate_fake_data(scale=1, seed=5)
    package = _local_package(client, tmp_path, monkeypatch)

    report = validate("datapackage.json")

    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["defis"] == Challenge.objects.published().count() > 60
    assert len(package["resources"]) == len(NAMES)


def test_page_runs_one_count_per_dataset(client, world, django_assert_max_num_queries):
    for _ in range(20):
        ChallengeFactory(cohort=world["cohort"])

    with django_assert_max_num_queries(len(NAMES)):
        response = client.get("/donnees/")

    assert response.content.decode().count("<h1") == 1
