"""The short guide to the Markdown the site renders (eig/core/markdown.py).

Each entry's example is rendered by the site's own renderer when the guide is
shown: the guide cannot drift from what the public pages do.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from eig.core.markdown import render_markdown


@dataclass(frozen=True)
class GuideEntry:
    title: str
    explanation: str
    syntax: str

    @property
    def example(self) -> SafeString:
        # Deep in the outline: the guide sits inside a form, under its own headings.
        return render_markdown(self.syntax, top_heading=4)


ENTRIES = (
    GuideEntry(
        title=_("Lien mis en avant (mise en exergue avec lien)"),
        explanation=_(
            "Un bloc de citation (lignes commençant par « > ») suivi, sur la ligne "
            "d'après, de « {: .lien-important} ». Un titre (« ### ») est facultatif ; "
            "un paragraphe qui ne contient qu'un lien devient un lien avec une flèche."
        ),
        syntax=(
            "> ### Les défis\n> [Découvrir les défis de la promotion](/defis/)\n{: .lien-important}"
        ),
    ),
    GuideEntry(
        title=_("Encadré (mise en avant)"),
        explanation=_("Un bloc de citation suivi, sur la ligne d'après, de « {: .encadre} »."),
        syntax="> Les candidatures sont ouvertes jusqu'au 15 mars.\n{: .encadre}",
    ),
    GuideEntry(
        title=_("Citation avec son auteur ou autrice"),
        explanation=_(
            "Un bloc de citation suivi de « {: .citation} », puis, juste après, un "
            "second bloc suivi de « {: .auteur-citation} » pour l'auteur ou l'autrice. "
            "Sans citation juste avant, l'auteur devient un simple paragraphe."
        ),
        syntax=(
            "> Dix mois pour changer la façon dont l'administration travaille.\n"
            "{: .citation}\n\n"
            "> Camille Exemple, EIG de la promotion 2019\n"
            "{: .auteur-citation}"
        ),
    ),
    GuideEntry(
        title=_("Lien vers une vidéo"),
        explanation=_(
            "Le site n'intègre pas de lecteur vidéo (aucun script d'un autre site) : "
            "écrivez un lien vers la page de la vidéo, seul dans son paragraphe. Un "
            "lecteur collé (<iframe>) devient un lien « Voir le contenu intégré »."
        ),
        syntax="[Voir la vidéo de présentation (Dailymotion)](https://www.dailymotion.com/video/x7tgad0)",
    ),
    GuideEntry(
        title=_("Titres, liens et images"),
        explanation=_(
            "« ## » pour un titre (le plus haut niveau du texte prend la place que la "
            "page lui donne) ; un lien vers une page du site s'écrit avec son adresse "
            "sans le nom du site ; une image a toujours un texte alternatif, entre les "
            "crochets, sauf si elle est décorative."
        ),
        syntax=(
            "## Le défi\n\n"
            "Un texte en **gras**, en *italique*, et [un lien vers les défis](/defis/).\n\n"
            "- un élément de liste\n- un autre"
        ),
    ),
)


@lru_cache(maxsize=8)
def _rendered(language: str) -> tuple[tuple[GuideEntry, SafeString], ...]:
    return tuple((entry, entry.example) for entry in ENTRIES)


def guide_entries() -> tuple[tuple[GuideEntry, SafeString], ...]:
    """(entry, its example as the site renders it), rendered once per language."""
    return _rendered(get_language() or "fr")
