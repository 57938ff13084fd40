"""Issue 17, finding 9: a long or many-word query is a clear JSON 400, never
a 500 ("Expression tree is too large") nor seconds of CPU; capped as the
HTML catalogue caps its search (200 characters), on every text filter."""

import pytest

pytestmark = pytest.mark.django_db

MANY_WORDS = " ".join(f"mot{n}" for n in range(1001))
ENDPOINTS = [
    ("challenges", "q"),
    ("challenges", "cohort"),
    ("challenges", "theme"),
    ("challenges", "organization"),
    ("fellows", "cohort"),
    ("organizations", "parent"),
    ("events", "cohort"),
]


@pytest.mark.parametrize("endpoint,field", ENDPOINTS)
def test_a_thousand_word_filter_is_a_french_json_400(client, world, endpoint, field):
    response = client.get(f"/api/v1/{endpoint}/", {field: MANY_WORDS})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == 400
    assert body["error"] == "invalid"
    assert list(body["fields"]) == [field]
    assert "200 caractères" in " ".join(body["fields"][field])


def test_a_query_at_the_cap_still_searches(client, world):
    words = " ".join(["donnees"] * 25)  # 199 characters, one distinct word
    assert len(words) <= 200
    response = client.get("/api/v1/challenges/", {"q": words})
    assert response.status_code == 200
    assert "results" in response.json()


def test_two_hundred_one_character_words_are_fine(client, world):
    """The longest query allowed with the most words (100 distinct one- and
    two-letter words) answers, and quickly enough for a test."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = [a + b for a in letters for b in letters][:66]
    query = " ".join(words)[:200]
    response = client.get("/api/v1/challenges/", {"q": query})
    assert response.status_code == 200
