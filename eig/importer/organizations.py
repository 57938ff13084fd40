"""Read the `administration` strings of the original site (pure, no database).

The site writes a host administration in many ways:

- "Ministère de la Culture, Direction générale…, Service du Mobilier National"
- "Agence BIO, Ministère de la Transition écologique et solidaire"
- "Institut national de l'information géographique… - Ministère de …"
- "Ministère de l’Intérieur et Agence nationale … (ANTAI)"
- "Direction générale de la concurrence, de la consommation et de la
  répression des fraudes (DGCCRF)" (a comma inside one name)

`parse_label` splits one string into organizations: the ministry named in it
(if any) becomes the `parent` of the others, the most specific one is the
host. Organizations are identified by their folded name (case, accents,
apostrophes and a trailing acronym ignored), so "Cour de cassation" and
"Cour de Cassation" are one.
"""

import re
from collections import Counter
from dataclasses import dataclass

from eig.core.text import fold
from eig.organizations.models import OrganizationKind

# Another name for the same organization (folded name -> name used).
ALIASES = {
    "agence bio": "Agence Française pour le Développement et la Promotion de l’Agriculture "
    "Biologique",
    "ministere de la sante": "Ministère des Solidarités et de la Santé",
}

# First words (folded) -> kind. The first prefix that matches wins.
KIND_PREFIXES = [
    ("ministere", OrganizationKind.MINISTRY),
    ("services du premier ministre", OrganizationKind.MINISTRY),
    ("haute autorite", OrganizationKind.INDEPENDENT),
    ("autorite", OrganizationKind.INDEPENDENT),
    ("cour ", OrganizationKind.INDEPENDENT),
    ("conseil d etat", OrganizationKind.INDEPENDENT),
    ("agence", OrganizationKind.AGENCY),
    ("institut", OrganizationKind.AGENCY),
    ("bibliotheque", OrganizationKind.AGENCY),
    ("museum", OrganizationKind.AGENCY),
    ("caisse", OrganizationKind.AGENCY),
    ("centre national", OrganizationKind.AGENCY),
    ("etablissement", OrganizationKind.AGENCY),
    ("office", OrganizationKind.AGENCY),
    ("direction", OrganizationKind.DIRECTORATE),
    ("delegation", OrganizationKind.DIRECTORATE),
    ("departement", OrganizationKind.DIRECTORATE),
    ("service", OrganizationKind.DIRECTORATE),
    ("secretariat general", OrganizationKind.DIRECTORATE),
    ("commissariat", OrganizationKind.DIRECTORATE),
    ("mission", OrganizationKind.DIRECTORATE),
    ("academie", OrganizationKind.DIRECTORATE),
    ("sous direction", OrganizationKind.DIRECTORATE),
    ("etalab", OrganizationKind.DIRECTORATE),
]

# Words that start a new organization after " et " ("Ministère de l'Intérieur
# et Agence nationale…"); anything else is part of one name ("Ministère de la
# Transition écologique et solidaire").
_ORG_HEADS = (
    "Agence|Autorité|Caisse|Centre|Commissariat|Cour|Délégation|Département|Direction|"
    "Établissement|Etablissement|Institut|Ministère|Mission|Office|Secrétariat|Service"
)
_AND_ORG = re.compile(rf"\s+et\s+(?=(?:{_ORG_HEADS})\b)")
_ACRONYM = re.compile(r"\s*\((?P<acronym>[^()]{2,20})\)\s*$")
# A segment after a comma that continues an enumeration inside one name.
_CONTINUATION = re.compile(r"^(?:de|des|du|d['’]|et|à|au|aux)\b", re.IGNORECASE)


@dataclass(frozen=True)
class OrgPart:
    key: str
    name: str
    acronym: str
    kind: str

    @property
    def is_ministry(self) -> bool:
        return self.kind == OrganizationKind.MINISTRY


@dataclass(frozen=True)
class ParsedLabel:
    label: str
    host: OrgPart | None
    ministry: OrgPart | None
    parts: tuple[OrgPart, ...]


def organization_key(name: str) -> str:
    """The identity of an organization: its folded name without acronym."""
    name = _ACRONYM.sub("", name.strip())
    folded = fold(name)
    alias = ALIASES.get(folded)
    return fold(alias) if alias else folded


def organization_kind(name: str) -> str:
    folded = fold(name) + " "
    for prefix, kind in KIND_PREFIXES:
        if folded.startswith(prefix):
            return kind
    return OrganizationKind.OTHER


def _part(raw: str) -> OrgPart | None:
    text = " ".join(raw.split()).strip(" ,;.")
    if not text:
        return None
    acronym = ""
    match = _ACRONYM.search(text)
    if match:
        acronym = match["acronym"].strip()
        text = text[: match.start()].strip(" ,")
    text = ALIASES.get(fold(text), text)
    text = text[0].upper() + text[1:]
    return OrgPart(
        key=organization_key(text), name=text, acronym=acronym, kind=organization_kind(text)
    )


def split_label(label: str) -> list[str]:
    """The organization names written in one `administration` string."""
    text = " ".join(str(label).split()).strip(" ,;.")
    if not text:
        return []
    segments: list[str] = []
    for chunk in text.split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        if segments and _CONTINUATION.match(chunk):
            segments[-1] = f"{segments[-1]}, {chunk}"
        else:
            segments.append(chunk)
    names: list[str] = []
    for segment in segments:
        # "X - Ministère de Y": split on the dash only when a ministry is named,
        # so "Programme VITAM - Programme interministériel…" stays one name.
        pieces = [p.strip() for p in re.split(r"\s+[-–]\s+", segment)]
        if len(pieces) > 1 and any(
            organization_kind(p) == OrganizationKind.MINISTRY for p in pieces
        ):
            candidates = pieces
        else:
            candidates = [segment]
        for candidate in candidates:
            names.extend(p.strip() for p in _AND_ORG.split(candidate) if p.strip())
    return names


def parse_label(label: str) -> ParsedLabel:
    parts = tuple(part for part in (_part(name) for name in split_label(label)) if part)
    ministry = next((part for part in parts if part.is_ministry), None)
    others = [part for part in parts if not part.is_ministry]
    host = others[-1] if others else ministry
    return ParsedLabel(label=str(label), host=host, ministry=ministry, parts=parts)


def preferred_name(variants: Counter) -> str:
    """Among spellings of one organization: the most frequent, then the one
    with the fewest capitals ("Cour de cassation" over "Cour de Cassation")."""
    return min(variants, key=lambda name: (-variants[name], sum(c.isupper() for c in name), name))
