"""Each page runs the same number of queries with 10 and with 1 000 défis."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ApplicationCallFactory,
    CohortFactory,
    EventFactory,
    FellowFactory,
    PostFactory,
    TestimonialFactory,
    bulk_challenges,
)

pytestmark = pytest.mark.django_db


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_the_number_of_challenges(client):
    cohort = CohortFactory()
    other = CohortFactory()
    ApplicationCallFactory(cohort=cohort)
    PostFactory.create_batch(4)
    EventFactory.create_batch(2)
    TestimonialFactory.create_batch(2)
    FellowFactory.create_batch(3, cohorts=[cohort])
    pages = [
        "/",
        "/defis/",
        "/defis/?q=securite&profil=designer",
        f"/promotions/{cohort.slug}/",
        "/promotions/",
        "/candidature/",
    ]

    bulk_challenges(10, cohorts=[cohort, other])
    with_10 = {url: _count_queries(client, url) for url in pages}
    bulk_challenges(990, cohorts=[cohort, other])
    with_1000 = {url: _count_queries(client, url) for url in pages}

    assert with_1000 == with_10
