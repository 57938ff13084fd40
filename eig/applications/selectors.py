"""Reads of the call for applications: the call shown, applications, what was sent, search."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationMessage,
    ApplicationRevision,
    ApplicationState,
    ApplicationTransition,
)
from eig.challenges.models import Challenge
from eig.core.dates import PARIS, paris_datetime
from eig.core.models import CallState
from eig.core.text import fold, search_terms

# The call -------------------------------------------------------------------


def current_application_call(now: datetime | None = None) -> ApplicationCall | None:
    """The call to show: the open one, else the next one, else the last closed (one query)."""
    now = now or timezone.now()
    rank = Case(
        When(Q(opens_at__lte=now) & Q(closes_at__gt=now), then=Value(0)),
        When(opens_at__gt=now, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    upcoming_first = Case(
        When(opens_at__gt=now, then=F("opens_at")),
        default=Value(None),
        output_field=DateTimeField(),
    )
    return (
        ApplicationCall.objects.published()
        .select_related("cohort", "cohort__programme")
        .annotate(rank=rank, upcoming_at=upcoming_first)
        .order_by("rank", F("upcoming_at").asc(nulls_last=True), "-closes_at", "-pk")
        .first()
    )


def open_application_calls(now: datetime | None = None) -> QuerySet[ApplicationCall]:
    now = now or timezone.now()
    return (
        ApplicationCall.objects.published()
        .filter(opens_at__lte=now, closes_at__gt=now)
        .select_related("cohort__programme")
        .order_by("closes_at", "pk")
    )


@dataclass(frozen=True)
class CallStatus:
    """What the pages say about a call at a given moment."""

    state: CallState
    headline: str
    details: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.state == CallState.OPEN

    @property
    def is_upcoming(self) -> bool:
        return self.state == CallState.UPCOMING

    @property
    def is_closed(self) -> bool:
        return self.state == CallState.CLOSED


def call_status(call: ApplicationCall, now: datetime | None = None) -> CallStatus:
    """The state of `call` at `now`, with its dates and the countdown, in words."""
    now = now or timezone.now()
    state = call.state(now)
    opens = gettext("Ouverture le %(when)s (heure de Paris)") % {
        "when": paris_datetime(call.opens_at)
    }
    closes = gettext("Clôture le %(when)s (heure de Paris)") % {
        "when": paris_datetime(call.closes_at)
    }
    if state == CallState.UPCOMING:
        return CallStatus(state, gettext("L'appel ouvrira bientôt"), [opens, closes])
    if state == CallState.OPEN:
        opened = gettext("Ouvert depuis le %(when)s (heure de Paris)") % {
            "when": paris_datetime(call.opens_at)
        }
        return CallStatus(
            state, gettext("L'appel est ouvert"), [opened, closes, countdown(call, now)]
        )
    closed = gettext("Clos depuis le %(when)s (heure de Paris)") % {
        "when": paris_datetime(call.closes_at)
    }
    return CallStatus(state, gettext("L'appel est clos"), [closed])


def countdown(call: ApplicationCall, now: datetime) -> str:
    """ "Plus que 3 jours pour candidater", down to the hour and the minute."""
    remaining = call.closes_at - now
    days = remaining.days
    if days >= 1:
        return ngettext(
            "Plus que %(count)d jour pour candidater",
            "Plus que %(count)d jours pour candidater",
            days,
        ) % {"count": days}
    hours = remaining.seconds // 3600
    if hours >= 1:
        return ngettext(
            "Plus que %(count)d heure pour candidater",
            "Plus que %(count)d heures pour candidater",
            hours,
        ) % {"count": hours}
    minutes = max(1, remaining.seconds // 60)
    return ngettext(
        "Plus que %(count)d minute pour candidater",
        "Plus que %(count)d minutes pour candidater",
        minutes,
    ) % {"count": minutes}


def call_challenges(call: ApplicationCall) -> QuerySet[Challenge]:
    """The défis a candidate may choose: the published ones of the call's cohort."""
    return Challenge.objects.published().filter(cohort_id=call.cohort_id).order_by("title", "pk")


# One application -------------------------------------------------------------

# The steps of the form, in order: (slug in the address, label).
STEPS: list[tuple[str, object]] = [
    ("identite", _("Identité et contact")),
    ("profil", _("Profil et parcours")),
    ("competences", _("Compétences")),
    ("liens", _("Liens")),
    ("cv", _("CV")),
    ("disponibilite", _("Disponibilité")),
    ("defis", _("Défis choisis")),
    ("consentement", _("Consentement")),
]
STEP_NAMES = [name for name, _label in STEPS]

# The application's own fields each step writes.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "identite": ("first_name", "last_name", "phone", "city"),
    "profil": ("profile", "experience"),
    "competences": ("skills", "general_interest"),
    "liens": ("code_url", "portfolio_url", "linkedin_url", "other_url"),
    "disponibilite": ("available_from", "full_time", "availability_comment"),
}


def application_detail_queryset() -> QuerySet[Application]:
    """An application with everything its pages show, in a fixed number of queries."""
    return Application.objects.select_related(
        "call__cohort__programme", "candidate"
    ).prefetch_related(
        Prefetch(
            "choices",
            queryset=ApplicationChoice.objects.select_related("challenge").order_by("rank"),
        ),
        Prefetch(
            "documents",
            queryset=ApplicationDocument.objects.current_cvs(),
            to_attr="current_cv_list",
        ),
    )


def current_cv(application: Application) -> ApplicationDocument | None:
    cached = getattr(application, "current_cv_list", None)
    if cached is not None:
        return cached[0] if cached else None
    return ApplicationDocument.objects.current_cvs().filter(application=application).first()


def application_missing(application: Application) -> list[tuple[str, object]]:
    """The steps still to fill in before submitting: [(step, label)]."""
    done = {
        "identite": bool(application.first_name and application.last_name and application.phone),
        "profil": bool(application.profile and application.experience),
        "competences": bool(application.skills),
        "liens": any(getattr(application, name) for name in STEP_FIELDS["liens"]),
        "cv": current_cv(application) is not None,
        "disponibilite": bool(application.available_from and application.full_time),
        "defis": bool(list(application.choices.all())),
        "consentement": application.consent_at is not None,
    }
    return [(name, label) for name, label in STEPS if not done[name]]


def _link_list(application: Application) -> list[dict]:
    labels = {
        "code_url": gettext("Code"),
        "portfolio_url": gettext("Portfolio"),
        "linkedin_url": "LinkedIn",
        "other_url": gettext("Autre lien"),
    }
    return [
        {"label": label, "url": getattr(application, name)}
        for name, label in labels.items()
        if getattr(application, name)
    ]


def application_snapshot(application: Application) -> dict:
    """The whole content of an application as plain JSON-ready data.

    What the receipt lists, what the history keeps at submission, what the
    candidate's data export holds. Needs `application_detail_queryset()`.
    """
    cv = current_cv(application)
    return {
        "call": application.call.title,
        "state": application.get_state_display(),
        "submitted_at": paris_datetime(application.submitted_at)
        if application.submitted_at
        else "",
        "first_name": application.first_name,
        "last_name": application.last_name,
        "email": application.candidate.email,
        "phone": application.phone,
        "city": application.city,
        "profile": application.get_profile_display() if application.profile else "",
        "experience": application.experience,
        "skills": application.skills,
        "general_interest": application.general_interest,
        "links": _link_list(application),
        "cv": {
            "name": cv.original_name,
            "size": cv.size,
            "pages": cv.pages,
            "sha256": cv.sha256,
        }
        if cv
        else None,
        "available_from": application.available_from.isoformat()
        if application.available_from
        else "",
        "full_time": application.full_time,
        "availability_comment": application.availability_comment,
        "choices": [
            {
                "rank": choice.rank,
                "challenge": choice.challenge.title,
                "motivation": choice.motivation,
            }
            for choice in application.choices.all()
        ],
        "consent_at": paris_datetime(application.consent_at) if application.consent_at else "",
    }


def build_search_document(application: Application, choices: Iterable[ApplicationChoice]) -> str:
    """The whole text of an application, folded: what the team's search reads."""
    parts = [
        application.first_name,
        application.last_name,
        application.candidate.email,
        application.phone,
        application.city,
        application.get_profile_display() if application.profile else "",
        application.experience,
        application.skills,
        application.general_interest,
        application.code_url,
        application.portfolio_url,
        application.linkedin_url,
        application.other_url,
        application.availability_comment,
    ]
    for choice in choices:
        parts += [choice.challenge.title, choice.motivation]
    return " ".join(fold(part) for part in parts if part)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    kind: str  # "transition", "revision", "message"
    item: object
    summary: str = ""
    details: tuple[str, ...] = ()


def _field_label(name: str) -> str:
    if name == "choices":
        return str(_("défis choisis"))
    if name == "cv":
        return str(_("CV"))
    try:
        return str(Application._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed: its name says enough
        return name


def _revision_summary(revision: ApplicationRevision) -> str:
    if revision.section == ApplicationRevision.SUBMISSION:
        return gettext("Contenu déposé (repris dans l'accusé de réception)")
    if "cv" in revision.changes:
        return gettext("Nouveau CV : %(name)s") % {"name": revision.changes["cv"][1]}
    fields = ", ".join(_field_label(name) for name in revision.changes)
    return gettext("Correction : %(fields)s") % {"fields": fields}


def _short(value) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def _revision_details(revision: ApplicationRevision) -> tuple[str, ...]:
    if revision.section == ApplicationRevision.SUBMISSION or not isinstance(revision.changes, dict):
        return ()
    if "choices" in revision.changes:
        _before, after = revision.changes["choices"]
        return tuple(f"{choice['rank']}. {choice['challenge']}" for choice in after)
    return tuple(
        f"{_field_label(name)} : « {_short(values[0])} » → « {_short(values[1])} »"
        for name, values in revision.changes.items()
        if name != "cv"
    )


def application_history(application: Application) -> list[HistoryEntry]:
    """State changes, corrections and messages, oldest first (three queries)."""
    entries = [
        HistoryEntry(t.at, "transition", t, t.get_to_state_display())
        for t in ApplicationTransition.objects.filter(application=application).select_related("by")
    ]
    entries += [
        HistoryEntry(r.at, "revision", r, _revision_summary(r), _revision_details(r))
        for r in ApplicationRevision.objects.filter(application=application).select_related("by")
    ]
    entries += [
        HistoryEntry(
            m.created_at,
            "message",
            m,
            gettext("Message de l'équipe du programme")
            if m.from_team
            else gettext("Message de la personne candidate"),
        )
        for m in application_messages(application)
    ]
    order = {"transition": 0, "revision": 1, "message": 2}
    return sorted(entries, key=lambda entry: (entry.at, order[entry.kind]))


def application_messages(application: Application) -> QuerySet[ApplicationMessage]:
    return (
        ApplicationMessage.objects.filter(application=application)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def candidate_applications(user) -> QuerySet[Application]:
    return (
        Application.objects.of_candidate(user)
        .select_related("call__cohort")
        .order_by("-call__opens_at", "-pk")
    )


def decision_pending(user) -> bool:
    from eig.applications.workflow import DECISION_PENDING

    return Application.objects.of_candidate(user).filter(state__in=DECISION_PENDING).exists()


def team_addresses(call: ApplicationCall) -> list[str]:
    """Who hears about a candidate's message: the programme's address, else the team."""
    from eig.accounts.models import User

    contact = call.cohort.programme.contact_email
    if contact:
        return [contact]
    return list(
        User.objects.filter(is_staff=True, is_active=True)
        .order_by("pk")
        .values_list("email", flat=True)[:20]
    )


# The team's list -------------------------------------------------------------


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
