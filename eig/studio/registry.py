"""The kinds of public content the studio edits: one entry each.

`key` is the kind's address in /gestion/contenus/<key>/; `search_fields` are
searched by the list's field; `public_flag` names the boolean field that makes
an item public (`is_published` for content, `is_public` for people: their
consent to a public profile); `has_workflow` says whether the kind has that
flag and so goes through draft, review and publication. An administration or
a testimonial has no flag of its own: it is shown where the content that
names it is. `is_person` marks the kinds whose items (and versions) hold
personal data, erased with the person (eig/studio/services.py).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Challenge, Mentor
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import FaqItem, Page, Post, PressLink, Testimonial
from eig.organizations.models import Organization


@dataclass(frozen=True)
class ContentKind:
    key: str
    model: type
    label: str
    label_plural: str
    search_fields: tuple[str, ...]
    ordering: tuple[str, ...]
    select_related: tuple[str, ...] = ()
    public_flag: str = "is_published"
    is_person: bool = False

    @property
    def has_workflow(self) -> bool:
        return any(field.name == self.public_flag for field in self.model._meta.get_fields())

    def is_public(self, item) -> bool:
        """Whether `item` is public by its own flag (True for a kind without one)."""
        return bool(getattr(item, self.public_flag, True)) if self.has_workflow else True

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower


KINDS: tuple[ContentKind, ...] = (
    ContentKind(
        "promotions",
        Cohort,
        _("Promotion"),
        _("Promotions"),
        ("name", "slug"),
        ("-year", "-number"),
        ("programme",),
    ),
    ContentKind(
        "administrations",
        Organization,
        _("Administration"),
        _("Administrations"),
        ("name", "acronym", "slug"),
        ("name",),
        ("parent",),
    ),
    ContentKind(
        "defis",
        Challenge,
        _("Défi"),
        _("Défis"),
        ("title", "slug", "organization_label", "town"),
        ("-year", "title"),
        ("cohort", "organization"),
    ),
    ContentKind(
        "eig",
        Fellow,
        _("EIG"),
        _("EIG"),
        ("name", "slug"),
        ("name", "pk"),
        public_flag="is_public",
        is_person=True,
    ),
    ContentKind(
        "mentors",
        Mentor,
        _("Mentor"),
        _("Mentors"),
        ("name", "slug"),
        ("name", "pk"),
        public_flag="is_public",
        is_person=True,
    ),
    ContentKind(
        "actualites",
        Post,
        _("Actualité"),
        _("Actualités"),
        ("title", "slug", "author"),
        ("-published_at", "-id"),
    ),
    ContentKind(
        "pages", Page, _("Page"), _("Pages"), ("title", "slug"), ("language", "position", "title")
    ),
    ContentKind(
        "presse",
        PressLink,
        _("Article de presse"),
        _("Revue de presse"),
        ("title", "section", "url"),
        ("-year", "section_position", "position"),
    ),
    ContentKind(
        "faq",
        FaqItem,
        _("Question fréquente"),
        _("Questions fréquentes"),
        ("question", "answer"),
        ("audience", "language", "position"),
    ),
    ContentKind(
        "temoignages",
        Testimonial,
        _("Témoignage"),
        _("Témoignages"),
        ("author", "text"),
        ("position",),
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}
BY_MODEL = {kind.model: kind for kind in KINDS}


def kind_of(item) -> ContentKind:
    return BY_MODEL[type(item)]
