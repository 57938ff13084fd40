"""Reads of one application: its steps, what is missing, its snapshot, history and messages."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationMessage,
    ApplicationRevision,
    ApplicationTransition,
)
from eig.core.dates import paris_datetime
from eig.core.text import fold

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
