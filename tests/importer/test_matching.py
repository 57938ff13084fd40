"""The matching of two sources' records (pure functions, no database)."""

from eig.importer.matching import (
    Candidate,
    match_records,
    merge_rows,
    merge_values,
    normalise,
    richer,
)


def c(key, *names, year=None, cohorts=(), links=()):
    return Candidate(
        key=key,
        names=names or (key,),
        year=year,
        cohorts=frozenset(cohorts),
        links=frozenset(links),
    )


def test_normalise_folds_accents_case_punctuation_and_spaces():
    assert normalise("CC - API rapports") == normalise("cc-api  Rapports") == "ccapirapports"
    assert normalise("Prévisecours") == normalise("PREVISECOURS")
    assert normalise("Œuvres d’art !") == "oeuvresdart"
    assert normalise("") == normalise(None) == ""


def test_a_unique_name_and_year_match():
    result = match_records(
        [c("1", "MI - matchID", year=2017), c("2", "Hopkins", year=2018)],
        [c("defis/mi-matchid.md", "MI - matchID", year=2017)],
    )

    assert result.matched == {"defis/mi-matchid.md": "1"}
    assert result.ambiguous == [] and result.near == []


def test_the_year_tells_apart_two_challenges_of_the_same_title():
    records = [c("EIG Link 2018", "EIG Link", year=2018), c("EIG Link 2019", "EIG Link", year=2019)]

    result = match_records(records, [c("v3/eig-link.md", "EIG Link", year=2019)])

    assert result.matched == {"v3/eig-link.md": "EIG Link 2019"}


def test_an_other_name_matches_too():
    result = match_records([c("A-JUST", "A-Just")], [c("defis/a-just.md", "Outil", "a-just")])

    assert result.matched == {"defis/a-just.md": "A-JUST"}


def test_several_candidates_are_ambiguous_never_merged():
    records = [c("1", "Martin Gross", cohorts={"2017"}), c("2", "Martin  gross", cohorts={"2017"})]

    result = match_records(records, [c("p/martin-gross.md", "Martin Gross", cohorts={"2017"})])

    assert result.matched == {}
    assert len(result.ambiguous) == 1
    assert result.ambiguous[0].key == "p/martin-gross.md"
    assert result.ambiguous[0].candidates == ("Martin  gross", "Martin Gross")


def test_a_record_claimed_by_two_entries_is_ambiguous_for_both():
    result = match_records(
        [c("Lab Santé", year=2018)],
        [c("a.md", "Lab santé", year=2018), c("b.md", "LAB SANTE", year=2018)],
    )

    assert result.matched == {}
    assert [item.key for item in result.ambiguous] == ["a.md", "b.md"]
    assert "b.md" in result.ambiguous[0].reason or "LAB SANTE" in result.ambiguous[0].reason


def test_same_name_other_year_is_reported_as_near_not_matched():
    result = match_records([c("Hopkins", year=2018)], [c("hopkins.md", "Hopkins", year=2019)])

    assert result.matched == {}
    assert result.ambiguous == []
    assert [item.key for item in result.near] == ["hopkins.md"]


def test_people_match_on_a_common_cohort_or_defi():
    records = [
        c("Philéas", "Philéas Condemine", cohorts={"2018"}, links={"labsante"}),
        c("Alexis", "Alexis Deny", cohorts={"2019"}),
        c("Iana", "Iana Ivanov", cohorts={"2018"}, links={"x"}),
        c("Paul", "Paul Schmite"),
    ]
    entries = [
        c("p.md", "Philéas Condemine", cohorts={"2019"}, links={"labsante", "openchronic"}),
        c("a.md", "Alexis Deny", cohorts={"2019"}),
        c("i.md", "Iana Ivanov", cohorts={"2021"}, links={"y"}),
        c("s.md", "Paul Schmite", cohorts={"2017"}),  # the record knows no cohort
    ]

    result = match_records(records, entries)

    assert result.matched == {"p.md": "Philéas", "a.md": "Alexis", "s.md": "Paul"}
    assert [item.key for item in result.near] == ["i.md"]


def test_richer_keeps_filled_longer_or_preferred_values():
    assert richer("abc", "") == "abc"
    assert richer("", "abc") == "abc"
    assert richer(None, "abc") == "abc"
    assert richer("short", "much longer") == "much longer"
    assert richer("same", "SAME") == "same"  # a tie keeps the current value
    assert richer("/img/a.png", "/b.svg", prefer="incoming") == "/b.svg"
    assert richer("/img/a.png", "/b/longer.svg", prefer="current") == "/img/a.png"
    assert richer("/img/a.png", "", prefer="incoming") == "/img/a.png"
    assert richer(False, True) is True and richer(True, False) is True
    assert richer([1], [1, 2]) == [1, 2]
    assert richer(7, 9) == 7


def test_merging_twice_changes_nothing():
    original = {"title": "MI - matchID", "image": "/img/old.png", "body": "court", "town": ""}
    current = {
        "title": "MI - matchID ",
        "image": "/img/new.svg",
        "body": "bien plus long",
        "town": "Paris",
    }
    rules = {"prefer_incoming": {"image"}, "prefer_current": {"title"}}

    once = merge_values(original, current, **rules)
    # The original site again, with the mirrored rule, then the current site.
    back = merge_values(once, original, prefer_incoming={"title"}, prefer_current={"image"})
    twice = merge_values(back, current, **rules)

    assert once == {
        "title": "MI - matchID",
        "image": "/img/new.svg",
        "body": "bien plus long",
        "town": "Paris",
    }
    assert back == once
    assert twice == once


def test_merge_rows_adds_the_missing_ones():
    current = [{"challenge_id": 1, "position": 0}]
    incoming = [{"challenge_id": 2, "position": 0}, {"challenge_id": 1, "position": 5}]

    assert merge_rows(current, incoming, key="challenge_id") == [
        {"challenge_id": 1, "position": 0},
        {"challenge_id": 2, "position": 0},
    ]
    assert merge_rows(
        merge_rows(current, incoming, key="challenge_id"), incoming, key="challenge_id"
    ) == (merge_rows(current, incoming, key="challenge_id"))
