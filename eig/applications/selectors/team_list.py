"""Reads of the team's list of applications: filters, search, counts and the export."""

from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, Count, Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.expressions import RawSQL

from eig.applications.models import (
    Application,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationState,
)
from eig.core.dates import PARIS
from eig.core.text import search_terms


@dataclass(frozen=True)
class ApplicationFilters:
    call: int | None = None
    cohort: int | None = None
    challenge: int | None = None
    profile: str = ""
    state: str = ""
    query: str = ""


def search_applications(queryset: QuerySet[Application], query: str) -> QuerySet[Application]:
    """Applications whose text holds every word of `query`, accents and case ignored.

    PostgreSQL: full-text search on the stored tsvector of the folded
    document (migration 0005), each word matching as a prefix. Elsewhere:
    every word contained in the folded document.
    """
    terms = [term.replace("_", " ").strip() for term in search_terms(query)]
    terms = [word for term in terms for word in term.split()]
    if not terms:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        # `search_vector` is the stored tsvector of the folded document
        # (generated column and GIN index of migration 0005).
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return queryset.filter(
            RawSQL(
                '"applications_application"."search_vector" '
                "@@ to_tsquery('simple'::regconfig, %s)",
                [tsquery],
                output_field=BooleanField(),
            )
        )
    for term in terms:
        queryset = queryset.filter(search_document__contains=term)
    return queryset


def filtered_applications(filters: ApplicationFilters) -> QuerySet[Application]:
    """The team's list: filters on call, cohort, défi, profile, state, and the search."""
    queryset = Application.objects.all()
    if filters.call:
        queryset = queryset.filter(call_id=filters.call)
    if filters.cohort:
        queryset = queryset.filter(call__cohort_id=filters.cohort)
    if filters.challenge:
        queryset = queryset.filter(
            Exists(
                ApplicationChoice.objects.filter(
                    application=OuterRef("pk"), challenge_id=filters.challenge
                )
            )
        )
    if filters.profile:
        queryset = queryset.filter(profile=filters.profile)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.query:
        queryset = search_applications(queryset, filters.query)
    return queryset


def staff_list_rows(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """What each row of the list shows (a fixed number of queries per page)."""
    return (
        queryset.select_related("call__cohort", "candidate")
        .only(*LIST_COLUMNS)
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=ApplicationChoice.objects.select_related("challenge")
                .only("application_id", "rank", "challenge__title")
                .order_by("rank"),
            )
        )
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    )


# What a row of the team's list reads (the long texts stay in the table).
LIST_COLUMNS = (
    "first_name",
    "last_name",
    "profile",
    "state",
    "submitted_at",
    "call__title",
    "call__cohort__name",
    "candidate__email",
)


def state_counts(queryset: QuerySet[Application]) -> dict[str, int]:
    counts = dict.fromkeys(ApplicationState.values, 0)
    for row in queryset.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    return counts


EXPORT_HEADER = [
    "id",
    "appel",
    "promotion",
    "etat",
    "deposee_le",
    "prenom",
    "nom",
    "email",
    "telephone",
    "ville",
    "profil",
    "parcours",
    "competences",
    "engagements",
    "code",
    "portfolio",
    "linkedin",
    "autre_lien",
    "cv",
    "disponible_le",
    "temps_plein",
    "disponibilite_precisions",
    "defi_1",
    "motivation_1",
    "defi_2",
    "motivation_2",
    "defi_3",
    "motivation_3",
]


EXPORT_FIELDS = (
    "pk",
    "call__title",
    "call__cohort__name",
    "state",
    "submitted_at",
    "first_name",
    "last_name",
    "candidate__email",
    "phone",
    "city",
    "profile",
    "experience",
    "skills",
    "general_interest",
    "code_url",
    "portfolio_url",
    "linkedin_url",
    "other_url",
    "available_from",
    "full_time",
    "availability_comment",
)


def export_rows(queryset: QuerySet[Application], *, chunk_size: int = 2000):
    """One list of cells per application, read in chunks: memory stays flat.

    Plain values, not model instances: the defis and CVs of each chunk come
    in one query each; labels are translated once.
    """
    states = {value: str(label) for value, label in ApplicationState.choices}
    profiles = {
        value: str(label) for value, label in Application._meta.get_field("profile").choices
    }
    rows = queryset.order_by("pk").values_list(*EXPORT_FIELDS).iterator(chunk_size=chunk_size)
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk_size:
            yield from _export_batch(batch, states, profiles)
            batch = []
    if batch:
        yield from _export_batch(batch, states, profiles)


def _export_batch(batch: list[tuple], states: dict, profiles: dict):
    ids = [row[0] for row in batch]
    # Rows come in id order: a dense batch is read by id range (a short
    # query), a sparse one (narrow filters) by its list of ids.
    if ids[-1] - ids[0] < 2 * len(ids):
        scope = {"application_id__gte": ids[0], "application_id__lte": ids[-1]}
    else:
        scope = {"application_id__in": ids}
    choices: dict[int, dict[int, tuple[str, str]]] = {}
    for application_id, rank, title, motivation in ApplicationChoice.objects.filter(
        **scope
    ).values_list("application_id", "rank", "challenge__title", "motivation"):
        choices.setdefault(application_id, {})[rank] = (title, motivation)
    cvs = dict(
        ApplicationDocument.objects.current_cvs()
        .filter(**scope)
        .values_list("application_id", "original_name")
    )
    for row in batch:
        (pk, call, cohort, state, submitted_at, first_name, last_name, email, phone, city,
         profile, experience, skills, general_interest, code_url, portfolio_url, linkedin_url,
         other_url, available_from, full_time, availability_comment) = row  # fmt: skip
        cells = [
            pk,
            call,
            cohort,
            states.get(state, state),
            submitted_at.astimezone(PARIS).strftime("%Y-%m-%d %H:%M:%S") if submitted_at else "",
            first_name,
            last_name,
            email,
            phone,
            city,
            profiles.get(profile, profile),
            experience,
            skills,
            general_interest,
            code_url,
            portfolio_url,
            linkedin_url,
            other_url,
            cvs.get(pk, ""),
            available_from.isoformat() if available_from else "",
            "oui" if full_time else "non",
            availability_comment,
        ]
        ranked = choices.get(pk, {})
        for rank in range(1, 4):
            cells += list(ranked.get(rank, ("", "")))
        yield cells
