from eig.core.text import fold, search_terms


def test_fold_removes_accents_case_and_punctuation():
    assert fold("Sécurité  Civile !") == "securite civile"
    assert fold("Œuvre d’art") == "oeuvre d art"
    assert fold(None) == ""


def test_search_terms_are_folded_and_unique():
    assert search_terms("Sécurité securite ROUTIÈRE") == ["securite", "routiere"]
