"""The API and the open data against the real data (`import_demo_data`), not factories.

Issue 14: run against the demo data, the answers must be what the OpenAPI
document and the Table Schemas promise. Every list is walked page by page
and every detail of its records is fetched (a bounded number of each), each
answer checked by schemathesis against the document (status, content type,
body) and every field the document calls `format: uri` checked to be an
absolute URI (or empty).
"""

import csv
import io
import json
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from frictionless import Resource, Schema, validate
from hypothesis import HealthCheck, settings

from eig.opendata.datasets import DATASETS
from tests.api.test_fuzz import schema

# The answers leave gzipped for a client that accepts it; schemathesis calls
# the WSGI application directly and does not decompress, so it asks for none.
UNCOMPRESSED = {"Accept-Encoding": "identity"}

API = "/api/v1"
PAGE_SIZE = 100
# At most this many details per resource, spread over the whole list (every défi: the
# richest in links; about 300 requests, ten seconds or so).
MAX_DETAILS = {"challenges": 200, "default": 40}

# list path -> (detail path template, the fields of a record that fill it)
RESOURCES = {
    "/cohorts/": ("/cohorts/{slug}/", ["slug"]),
    "/challenges/": ("/challenges/{year}/{slug}/", ["year", "slug"]),
    "/organizations/": ("/organizations/{slug}/", ["slug"]),
    "/fellows/": ("/fellows/{slug}/", ["slug"]),
    "/posts/": ("/posts/{language}/{slug}/", ["language", "slug"]),
    "/events/": ("/events/{slug}/", ["slug"]),
}


@pytest.fixture(scope="module")
def real_data(django_db_setup, django_db_blocker, import_media_root):
    """The demo data imported once for the module, rolled back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=import_media_root),
        transaction.atomic(),
    ):
        call_command("import_demo_data", "--no-progress", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(real_data, db, same_connection):
    return real_data


@pytest.fixture
def same_connection():
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# -- the OpenAPI document's `format: uri` fields -----------------------------------


def _resolve(spec: dict, components: dict) -> dict:
    while "$ref" in spec:
        spec = components[spec["$ref"].rsplit("/", 1)[1]]
    return spec


def _is_uri(spec: dict) -> bool:
    return spec.get("format") == "uri" or any(
        part.get("format") == "uri" for part in spec.get("anyOf", []) + spec.get("oneOf", [])
    )


def relative_links(value, spec: dict, components: dict, where: str = "") -> list[str]:
    """Where a value the document calls `format: uri` is not an absolute URI."""
    spec = _resolve(spec, components)
    if _is_uri(spec):
        if value in ("", None):
            return []
        parts = urlsplit(value) if isinstance(value, str) else None
        if (
            parts is None
            or not parts.scheme
            or (parts.scheme in ("http", "https") and not parts.netloc)
        ):
            return [f"{where}: {value!r}"]
        return []
    found = []
    for part in spec.get("allOf", []) + spec.get("anyOf", []) + spec.get("oneOf", []):
        found += relative_links(value, part, components, where)
    if isinstance(value, dict):
        for key, item in value.items():
            if key in spec.get("properties", {}):
                found += relative_links(item, spec["properties"][key], components, f"{where}.{key}")
    elif isinstance(value, list) and "items" in spec:
        for index, item in enumerate(value):
            found += relative_links(item, spec["items"], components, f"{where}[{index}]")
    return found


def _response_schema(operation) -> dict:
    return operation.definition.raw["responses"]["200"]["content"]["application/json"]["schema"]


def test_relative_links_are_found_where_the_document_promises_a_uri():
    """The check itself can fail: a path where `format: uri` is promised is caught."""
    components = {"P": {"type": "object", "properties": {"url": {"format": "uri"}}}}
    spec = {"type": "array", "items": {"$ref": "#/components/schemas/P"}}

    assert relative_links([{"url": "/docs/a.pdf"}, {"url": ""}], spec, components) == [
        "[0].url: '/docs/a.pdf'"
    ]
    assert relative_links([{"url": "https://x.fr/a.pdf"}], spec, components) == []


# -- the walk ------------------------------------------------------------------------


def _spread(records: list, limit: int) -> list:
    if len(records) <= limit:
        return records
    step = len(records) / limit
    return [records[int(index * step)] for index in range(limit)]


def test_every_list_and_detail_answers_as_documented_on_real_data(demo):
    components = schema.raw_schema["components"]["schemas"]
    problems: list[str] = []
    requests = 0
    seen_sedaccord = False
    for list_path, (detail_path, keys) in RESOURCES.items():
        name = list_path.strip("/")
        list_operation = schema[API + list_path]["GET"]
        records, page = [], 1
        while True:
            case = list_operation.Case(query={"page": page, "page_size": PAGE_SIZE})
            response = case.call_and_validate(headers=UNCOMPRESSED)
            requests += 1
            body = response.json()
            problems += relative_links(
                body, _response_schema(list_operation), components, f"{list_path}?page={page}"
            )
            records += body["results"]
            if not body["next"]:
                break
            page += 1
        assert records, list_path
        assert len(records) == body["count"], list_path

        detail_operation = schema[API + detail_path]["GET"]
        limit = MAX_DETAILS.get(name, MAX_DETAILS["default"])
        for record in _spread(records, limit):
            parameters = {key: record[key] for key in keys}
            response = detail_operation.Case(path_parameters=parameters).call_and_validate(
                headers=UNCOMPRESSED
            )
            requests += 1
            data = response.json()
            assert data["url"] == record["url"]
            problems += relative_links(
                data,
                _response_schema(detail_operation),
                components,
                detail_path.format(**parameters),
            )
            seen_sedaccord |= parameters == {"year": 2020, "slug": "sedaccord"}

    assert seen_sedaccord  # the défi of the issue was among them
    assert not problems, problems[:20]
    assert 200 < requests < 500


def test_sedaccord_links_its_document_on_this_site(demo):
    """The answer of the issue: the project's document, imported under /media/, absolute."""
    response = (
        schema[API + "/challenges/{year}/{slug}/"]["GET"]
        .Case(path_parameters={"year": 2020, "slug": "sedaccord"})
        .call_and_validate(headers=UNCOMPRESSED)
    )
    data = response.json()

    workflow = next(p for p in data["projects"] if p["url"].endswith(".pdf"))
    assert workflow["url"].startswith("http"), workflow
    assert urlsplit(workflow["url"]).path.startswith("/media/imports/")
    assert urlsplit(data["image"]).netloc
    assert all(urlsplit(fellow["url"]).netloc for fellow in data["team"])


def test_cohorts_1_to_7_with_photos_and_startups_in_the_api(demo, client):
    cohorts = client.get("/api/v1/cohorts/", {"page_size": 100}).json()["results"]
    fellows = client.get("/api/v1/fellows/", {"page_size": 100}).json()["results"]
    challenges = client.get("/api/v1/challenges/", {"page_size": 100}).json()["results"]

    assert {"1", "2", "3", "4", "5", "6", "7"} <= {c["slug"] for c in cohorts}
    assert all(c["challenges_count"] > 0 for c in cohorts)
    photos = [f["photo_url"] for f in fellows if f["photo_url"]]
    assert len(photos) > 50
    assert all(urlsplit(photo).scheme == "http" for photo in photos), photos[:3]
    assert any(c["is_startup_detat"] and c["startup_detat_url"] for c in challenges)


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_on_real_data_answer_as_documented(case, demo):
    """Generated requests (filters, pages, unknown identifiers) on the real data:
    no server error, every answer as the document says (3 per operation)."""
    case.call_and_validate(headers=UNCOMPRESSED)


# -- the open data ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["promotions", "defis", "organisations", "eig", "actualites"])
def test_open_data_validates_against_its_table_schema_on_real_data(demo, client, tmp_path, name):
    response = client.get(f"/donnees/{name}.csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    (tmp_path / f"{name}.csv").write_bytes(content)
    table_schema = json.loads(client.get(f"/donnees/{name}.schema.json").content)

    report = validate(
        Resource(
            path=f"{name}.csv", schema=Schema.from_descriptor(table_schema), basepath=str(tmp_path)
        )
    )

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert len(rows) == DATASETS[name].count() > 0
    uri_fields = [f["name"] for f in table_schema["fields"] if f.get("format") == "uri"]
    assert uri_fields
    relative = [
        (row.get("slug"), field, row[field])
        for row in rows
        for field in uri_fields
        if row[field] and not urlsplit(row[field]).netloc
    ]
    assert not relative, relative[:20]
