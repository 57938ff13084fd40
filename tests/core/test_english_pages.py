"""The English pages speak English, apart from content written in French (marked lang="fr").

Each main public page is rendered under /en/ with French content from the
factories (as the real data is), and its visible text — outside any element
with a `lang="fr"` attribute, which content in French must carry — is
searched for French interface words: a hand list of frequent ones, and every
phrase of two words or more of the French interface (the catalogue's msgids).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.core.pofile import messages
from tests.factories import (
    ApplicationCallFactory,
    ChallengeFactory,
    CohortFactory,
    EventFactory,
    FaqItemFactory,
    FellowFactory,
    PageFactory,
    PostFactory,
    PressLinkFactory,
    ProgrammeFactory,
    SelectionCriterionFactory,
    SkillFactory,
    TestimonialFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# Frequent French words of the interface (templates and Python), as words.
FRENCH_WORDS = [
    "Se connecter",
    "Se déconnecter",
    "Connexion",
    "Inscription",
    "Rechercher",
    "Candidater",
    "Candidature",
    "Voir",
    "Accueil",
    "à partir de",
    "à partir du",
    "Retour",
    "Fermer",
    "Actualités",
    "Événements",
    "Défis",
    "Promotions",
    "Données",
    "Télécharger",
    "Mon espace",
    "Mot de passe",
    "Enregistrer",
    "Envoyer",
    "Valider",
    "Filtrer",
    "Aucun",
    "Aucune",
    "heure de Paris",
    "En ligne",
    "nets par mois",
    "janvier",
    "février",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
]
CATALOGUE = Path(settings.BASE_DIR) / "eig/locale/en/LC_MESSAGES/django.po"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|<[^>]+>|\{[^}]*\}|\n")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
_SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


def _interface_phrases() -> set[str]:
    """Every stretch of two words or more of a French msgid whose translation differs."""
    phrases = set()
    for entry in messages(CATALOGUE):
        if entry.msgstr and entry.msgstr[0] == entry.msgid:
            continue
        for source in [entry.msgid, entry.msgid_plural or ""]:
            for part in _PLACEHOLDER.split(source):
                part = part.strip(" .,:;()«»“”—–-!?")
                if len(part.split()) >= 2 and len(part) >= 8:
                    phrases.add(part)
    return phrases


class _VisibleText(HTMLParser):
    """The text a reader gets (text and labelling attributes), outside lang="fr" elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []
        self.french: list[str] = []

    def _french(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = tag in ("script", "style") or (
            tag != "html" and (attributes.get("lang") or "").startswith("fr")
        )
        if not self._french() and not skipped:
            self.parts += [attributes[name] for name in _SHOWN_ATTRIBUTES if attributes.get(name)]
        if tag not in _VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not data.strip() or (self.stack and self.stack[-1][0] in ("script", "style")):
            return
        (self.french if self._french() else self.parts).append(" ".join(data.split()))


def visible_text(html: str) -> str:
    """The text outside lang="fr"; French content repeated elsewhere (the page's
    <title>, the breadcrumb) is taken out too, as it is the same content."""
    parser = _VisibleText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    for chunk in sorted({c for c in parser.french if len(c) >= 4}, key=len, reverse=True):
        text = text.replace(chunk, "")
    return text


def french_found(text: str, phrases: set[str]) -> list[str]:
    # A word followed by ".csv" or "/" is a file name or an address, not prose.
    found = [
        word
        for word in FRENCH_WORDS
        if re.search(rf"(?<![\w/.]){re.escape(word)}(?![\w/]|\.\w)", text, re.I)
    ]
    found += sorted(phrase for phrase in phrases if phrase in text)
    return found


@pytest.fixture
def site():
    """French content as the importer leaves it: a cohort, a call, défis, news, events."""
    ProgrammeFactory()
    cohort = CohortFactory(number=4, year=2020)
    SelectionCriterionFactory(title="Dynamisme et vision")
    theme, skill = ThemeFactory(name="Santé"), SkillFactory()
    challenge = ChallengeFactory(
        cohort=cohort,
        title="Prévenir les conflits d'intérêts dans le domaine médical",
        themes=[theme],
        skills=[skill],
        with_team=True,
    )
    FellowFactory(cohorts=[cohort], challenges=[challenge])
    ApplicationCallFactory(cohort=cohort, description="Les candidatures sont ouvertes.")
    post = PostFactory(title="Pourquoi devenir EIG ?")
    PageFactory(slug="programme", title="Le programme", body="Le programme EIG, en bref.")
    event = EventFactory(title="Webinaire de la promotion", challenges=[challenge])
    FaqItemFactory(question="Qui peut participer ?")
    PressLinkFactory()
    TestimonialFactory()
    return {"challenge": challenge, "post": post, "event": event, "cohort": cohort}


def _pages(site) -> list[str]:
    challenge = site["challenge"]
    return [
        "/en/",
        "/en/programme/",
        "/en/candidature/",
        "/en/defis/",
        f"/en/defis/{challenge.year}/{challenge.slug}/",
        "/en/actualites/",
        f"/en/actualites/{site['post'].slug}/",
        "/en/promotions/",
        f"/en/promotions/{site['cohort'].slug}/",
        "/en/evenements/",
        f"/en/evenements/{site['event'].slug}/",
        "/en/questions-frequentes/",
        "/en/donnees/",
        "/en/statistiques/",
        "/en/revue-de-presse/",
        "/en/compte/connexion/",
        "/en/compte/inscription/",
    ]


def test_the_detector_finds_french_outside_lang_fr_only():
    html = (
        '<html lang="en"><head><title>Se connecter — EIG</title></head><body>'
        '<a href="/" title="Accueil">Home</a><p lang="fr">Voir le défi, à partir de janvier</p>'
        "<p>Les défis de la promotion</p><script>Rechercher()</script></body></html>"
    )
    text = visible_text(html)

    assert "Voir le défi" not in text and "Rechercher" not in text
    assert french_found(text, {"Les défis de la", "Voir le défi"}) == [
        "Se connecter",
        "Accueil",
        "Défis",
        "Les défis de la",
    ]


def test_english_pages_have_no_french_interface_words(client, site):
    phrases = _interface_phrases()
    failures = {}
    for url in _pages(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "en", url
        html = response.content.decode()
        text = visible_text(html)
        assert len(text) > 200, url
        found = french_found(text, phrases)
        if found:
            failures[url] = found
    assert not failures, "French words on English pages (outside lang=fr content):\n" + "\n".join(
        f"{url}: {words}" for url, words in failures.items()
    )


def test_the_english_call_page_says_its_text_is_french(client, site):
    response = client.get("/en/candidature/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "The text of this call and its criteria are only available in French." in text
    assert "Les candidatures sont ouvertes." in text
    french = client.get("/candidature/")
    assert french.status_code == 200
    assert "only available in French" not in french.content.decode()
    assert "Les candidatures sont ouvertes." in french.content.decode()
