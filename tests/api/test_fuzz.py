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
from hypothesis import HealthCheck, settings

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
    case.call_and_validate()
