"""Themes of the défis: the original site has none, so the importer guesses.

The single table below maps a theme to word stems looked for (accents and
case ignored, at the start of a word) in a défi's title, pitch and host
administration. A défi gets every theme whose stems match, and the fallback
theme when none does. The importer only sets themes on a défi that has none,
so corrections made by staff in the admin survive a new import.
"""

import re

from eig.core.text import fold

FALLBACK_THEME = "Numérique de l'État"

THEME_KEYWORDS: dict[str, list[str]] = {
    "Santé": [
        "sante",
        "medic",
        "soin",
        "malad",
        "chronique",
        "assurance maladie",
        "rembours",
    ],
    "Justice": ["justice", "jurisprudence", "cassation", "juridiction", "prejudice", "judiciaire"],
    "Écologie et agriculture": [
        "ecolog",
        "environnement",
        "agricult",
        "biologique",
        "naturel",
        "nucleaire",
        "energetique",
        "developpement durable",
        "forestiere",
    ],
    "Sécurité et gestion de crise": [
        "securite civile",
        "securite routiere",
        "urgence",
        "crise",
        "crues",
        "inondation",
        "pompier",
        "gendarmerie",
        "routes",
        "infraction",
        "contravention",
        "sauver des vies",
        "securite sur les routes",
    ],
    "Économie et finances": [
        "fraude",
        "fiscal",
        "financ",
        "budget",
        "fonds publics",
        "argent public",
        "entreprises",
        "cotisant",
        "urssaf",
        "comptes publics",
        "economi",
        "consommat",
        "achats",
        "regulat",
    ],
    "Culture": [
        "cultur",
        "patrimoine",
        "orgues",
        "mobilier national",
        "bibliotheque",
        "catalogage",
    ],
    "Éducation et recherche": [
        "education",
        "scolaire",
        "eleves",
        "ecole",
        "enseignement superieur",
        "donnees de la recherche",
        "academie",
        "enseignement",
    ],
    "Social et emploi": [
        "social",
        "sociaux",
        "sociale",
        "refugie",
        "droit du travail",
        "travail",
        "handicap",
        "logement",
        "hebergement",
        "bidonville",
        "regroupement familial",
        "recrutement",
        "developpement professionnel",
    ],
    "Territoires": [
        "territoir",
        "collectivites",
        "occitanie",
        "prefecture",
    ],
    "Numérique de l'État": [
        "etalab",
        "numerique",
        "identite numerique",
        "franceconnect",
        "archiv",
        "statistique",
        "collectif",
        "communications electroniques",
    ],
    "Mer": ["mer", "marin", "maritime", "navire", "peche", "hydrographique", "trajets en mer"],
}

_PATTERNS = {
    theme: re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")")
    for theme, stems in THEME_KEYWORDS.items()
}


def themes_for(*texts: str) -> list[str]:
    """The themes whose stems appear in the texts, in the table's order."""
    folded = " ".join(fold(text) for text in texts if text)
    found = [theme for theme, pattern in _PATTERNS.items() if pattern.search(folded)]
    return found or [FALLBACK_THEME]
