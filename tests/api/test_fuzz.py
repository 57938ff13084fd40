"""Fuzz the API from its own OpenAPI document: no 5xx, answers as documented.

schemathesis generates valid and invalid requests for every operation of
/api/v1/openapi.json and checks each answer: never a server error, status
codes, content types and bodies as the document says, invalid input refused.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# The answers leave gzipped for a client that accepts it; schemathesis calls
# the WSGI application directly and does not decompress, so it asks for none.
UNCOMPRESSED = {"Accept-Encoding": "identity"}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def same_connection():
    """Keep the test's database connection across requests, as Django's test
    client does: a WSGI request otherwise closes it when it ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case, world, same_connection):
    case.call_and_validate(headers=UNCOMPRESSED)


WORD = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


@given(
    stem=WORD,
    count=st.one_of(st.integers(1, 60), st.integers(900, 1500)),
    field=st.sampled_from(["q", "cohort", "theme", "organization"]),
)
@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_long_and_many_word_queries_never_fail(client, world, stem, count, field):
    """Issue 17: up to 1 500 distinct words (thousands of characters): a 200
    within the cap, a JSON 400 naming the parameter beyond, never a 500."""
    query = " ".join(f"{stem}{n}" for n in range(count))
    response = client.get("/api/v1/challenges/", {field: query})
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert list(response.json()["fields"]) == [field]
