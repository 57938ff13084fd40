"""Writes of team formation: build a cohort's instance, run the pure solver,
keep the run, pin or exclude pairs, and confirm the teams as the défis' fellows.

The instance follows docs/matching.md. From the database:

* candidates: the applications in state *laureate* of the cohort's calls
  (`a<application pk>`), with their profile and their ranked défis
  (`ApplicationChoice`, rank 1 first), keeping only the cohort's published défis;
* défis: the cohort's published défis (`d<challenge pk>`), titled; the profiles
  wanted come from the défi's proposal (developers, designers, data scientists
  asked for, zeros included) or, for a défi without a proposal (imported ones),
  one of each profile its skills name (`Skill.profile`); the capacity is the
  proposal's team size, else the programme's maximum (3), kept within the
  programme's minimum and maximum; the minimum size is the programme's (2);
* scores: `selection.selectors.jury_scores` (the normalised jury score, the
  same for each défi the laureate chose). A laureate without any review sent
  gets 0 for each défi they chose — the middle of the normalised scale, the
  jury's average — and their explanation says so;
* pins and exclusions: the cohort's `PairRule`s.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eig.applications.models import Application, ApplicationChoice, ApplicationState
from eig.audit.models import AuditAction
from eig.audit.services import audit_record
from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort, Fellow, Profile
from eig.core.cache import content_changed
from eig.matching.market import InstanceError
from eig.matching.optimal import OptimalUnavailable
from eig.matching.solve import solve
from eig.teams.models import MatchingRun, PairRule, PairRuleKind, RunMode, RunStatus

# The profiles a défi's seats can be reserved for (a proposal's three counts).
PROFILES = (Profile.DEVELOPER, Profile.DESIGNER, Profile.DATA_SCIENTIST)
NO_SCORE_NOTE = (
    "Aucune évaluation du jury envoyée : un score de 0 (la moyenne de l'échelle "
    "normalisée) a été retenu pour chacun de ses choix."
)


class TeamsError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def candidate_key(application_id: int) -> str:
    return f"a{application_id}"


def challenge_key(challenge_id: int) -> str:
    return f"d{challenge_id}"


def key_pk(key: str) -> int:
    return int(key[1:])


KEY = re.compile(r"\b([ad])(\d+)\b")


# Reads the run needs -------------------------------------------------------------


def cohort_laureates(cohort: Cohort):
    """The cohort's laureates (applications in state laureate of its calls), with
    their ranked choices, by name."""
    return (
        Application.objects.filter(call__cohort=cohort, state=ApplicationState.LAUREATE)
        .only("pk", "call_id", "first_name", "last_name", "profile", "state")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=ApplicationChoice.objects.only(
                    "application_id", "challenge_id", "rank"
                ).order_by("rank"),
            )
        )
        .order_by("last_name", "first_name", "pk")
    )


def cohort_challenges(cohort: Cohort):
    """The cohort's published défis, with what is needed to read their wants."""
    return (
        Challenge.objects.published()
        .filter(cohort=cohort)
        .select_related("proposal")
        .prefetch_related("skills")
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class Wants:
    capacity: int
    min_size: int
    profiles: dict[str, int] | None  # None: no quota


def challenge_wants(challenge: Challenge, cohort: Cohort) -> Wants:
    """Capacity, minimum size and profiles wanted of a défi (see the module's docstring)."""
    programme = cohort.programme
    low, high = programme.team_min_size, programme.team_max_size
    proposal = getattr(challenge, "proposal", None)
    profiles: dict[str, int] | None
    if proposal is not None:
        profiles = {
            Profile.DEVELOPER.value: proposal.developers,
            Profile.DESIGNER.value: proposal.designers,
            Profile.DATA_SCIENTIST.value: proposal.data_scientists,
        }
        capacity = min(max(proposal.team_size, low), high) if proposal.team_size else high
    else:
        named = {skill.profile for skill in challenge.skills.all()}
        profiles = {p.value: 1 for p in PROFILES if p.value in named} or None
        capacity = high
    if profiles is not None:
        # Reserved seats may not outnumber the seats: trim from the last profile.
        excess = max(sum(profiles.values()) - capacity, 0)
        for name in reversed(list(profiles)):
            cut = min(excess, profiles[name])
            profiles[name] -= cut
            excess -= cut
    return Wants(capacity=capacity, min_size=min(low, capacity), profiles=profiles)


@dataclass
class Instance:
    data: dict
    notes: dict[str, str] = field(default_factory=dict)  # candidate key -> added sentence


def build_instance(cohort: Cohort, *, seed: int) -> Instance:
    """The solver's instance for a cohort, from the database (a few queries)."""
    from eig.selection.selectors import jury_scores

    laureates = list(cohort_laureates(cohort))
    challenges = list(cohort_challenges(cohort))
    known = {c.pk for c in challenges}
    rules = list(
        PairRule.objects.filter(cohort=cohort).only("application_id", "challenge_id", "kind")
    )
    by_challenge: dict[int, dict[str, list[str]]] = {}
    laureate_ids = {a.pk for a in laureates}
    for rule in rules:
        if rule.application_id in laureate_ids and rule.challenge_id in known:
            target = by_challenge.setdefault(rule.challenge_id, {"pinned": [], "forbidden": []})
            key = "pinned" if rule.kind == PairRuleKind.PIN else "forbidden"
            target[key].append(candidate_key(rule.application_id))

    raw = jury_scores(laureates) if laureates else {}
    scores: dict[str, dict[str, float]] = {}
    for challenge_pk, by_application in raw.items():
        if int(challenge_pk) in known:
            scores[challenge_key(int(challenge_pk))] = {
                candidate_key(int(application_pk)): round(float(score), 6)
                for application_pk, score in sorted(by_application.items())
            }
    scored = {c for by_candidate in scores.values() for c in by_candidate}

    notes: dict[str, str] = {}
    candidates = []
    for application in laureates:
        key = candidate_key(application.pk)
        choices = [
            challenge_key(choice.challenge_id)
            for choice in application.choices.all()
            if choice.challenge_id in known
        ]
        candidates.append(
            {"id": key, "profile": application.profile or "sans_profil", "choices": choices}
        )
        if key not in scored and choices:
            notes[key] = NO_SCORE_NOTE
            for choice in choices:
                scores.setdefault(choice, {})[key] = 0.0

    items = []
    for challenge in challenges:
        wants = challenge_wants(challenge, cohort)
        item = {
            "id": challenge_key(challenge.pk),
            "title": challenge.title,
            "capacity": wants.capacity,
            "min_size": wants.min_size,
        }
        if wants.profiles is not None:
            item["profiles"] = wants.profiles
        rules_here = by_challenge.get(challenge.pk)
        if rules_here:
            item.update({k: v for k, v in rules_here.items() if v})
        items.append(item)
    data = {"candidates": candidates, "challenges": items, "scores": scores, "seed": seed}
    return Instance(data=data, notes=notes)


def new_seed() -> int:
    return secrets.randbelow(2**31)


def run_solver(instance: Instance, mode: str) -> dict:
    """Call the pure solver; French errors as TeamsError."""
    try:
        result = solve(
            instance.data,
            stable_only=mode == RunMode.STABLE,
            optimal=mode == RunMode.OPTIMAL,
            deterministic_time=getattr(settings, "EIG_MATCHING_TIME_LIMIT", 10.0),
        )
    except InstanceError as error:
        raise TeamsError(_("Données incohérentes : %(error)s") % {"error": error}) from error
    except OptimalUnavailable as error:
        raise TeamsError(str(error)) from error
    for key, note in instance.notes.items():
        result["explanations"][key] = f"{result['explanations'][key]} {note}".strip()
    result["notes"] = instance.notes
    return result


# Runs ----------------------------------------------------------------------------


def matching_run_create(
    *, cohort: Cohort, by, mode: str = RunMode.MIN_SIZE, seed: int | None = None, save=True
) -> MatchingRun:
    """Compute the cohort's teams and keep them as a new draft run (`save=False`:
    computed, nothing stored — the command's dry run)."""
    if mode not in RunMode.values:
        raise TeamsError(_("Mode inconnu : %(mode)s.") % {"mode": mode})
    seed = new_seed() if seed is None else seed
    instance = build_instance(cohort, seed=seed)
    if not instance.data["candidates"]:
        raise TeamsError(_("Aucun·e lauréat·e dans cette promotion : rien à former."))
    if not instance.data["challenges"]:
        raise TeamsError(_("Aucun défi publié dans cette promotion."))
    result = run_solver(instance, mode)
    run = MatchingRun(
        cohort=cohort,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        seed=seed,
        mode=mode,
        instance=instance.data,
        result=result,
    )
    if not save:
        run.number = 0
        return run
    for _attempt in range(3):
        last = MatchingRun.objects.filter(cohort=cohort).order_by("-number").first()
        run.number = (last.number if last else 0) + 1
        try:
            with transaction.atomic():
                run.save()
            return run
        except IntegrityError:  # two runs at once: take the next number
            run.pk = None
    raise TeamsError(_("Un autre essai est en cours d'enregistrement : réessayez."))


# Pins and exclusions ---------------------------------------------------------------


@transaction.atomic
def pair_rule_set(*, cohort: Cohort, application_id: int, challenge_id: int, kind: str, by):
    """Pin a laureate to a défi, or exclude them from it (replacing any rule on
    the same pair). Refused with a French reason when it cannot hold."""
    if kind not in PairRuleKind.values:
        raise TeamsError(_("Règle inconnue."))
    application = (
        Application.objects.filter(
            pk=application_id, call__cohort=cohort, state=ApplicationState.LAUREATE
        )
        .only("pk", "first_name", "last_name")
        .first()
    )
    if application is None:
        raise TeamsError(_("Cette personne n'est pas lauréate de la promotion."))
    challenge = cohort_challenges(cohort).filter(pk=challenge_id).first()
    if challenge is None:
        raise TeamsError(_("Ce défi n'est pas un défi publié de la promotion."))
    name = str(application)
    if kind == PairRuleKind.PIN:
        elsewhere = (
            PairRule.objects.filter(application=application, kind=PairRuleKind.PIN)
            .exclude(challenge=challenge)
            .select_related("challenge")
            .first()
        )
        if elsewhere is not None:
            raise TeamsError(
                _("%(name)s est déjà fixé·e sur « %(title)s » : retirez d'abord cette règle.")
                % {"name": name, "title": elsewhere.challenge.title}
            )
        pins = (
            PairRule.objects.filter(challenge=challenge, kind=PairRuleKind.PIN)
            .exclude(application=application)
            .count()
        )
        capacity = challenge_wants(challenge, cohort).capacity
        if pins >= capacity:
            raise TeamsError(
                _("« %(title)s » a déjà %(n)s personne(s) fixée(s) pour %(cap)s places.")
                % {"title": challenge.title, "n": pins, "cap": capacity}
            )
    rule, _created = PairRule.objects.update_or_create(
        application=application,
        challenge=challenge,
        defaults={"cohort": cohort, "kind": kind, "created_by": by, "created_at": timezone.now()},
    )
    return rule


def pair_rule_remove(*, rule: PairRule) -> None:
    rule.delete()


# Confirmation ----------------------------------------------------------------------


@dataclass
class ConfirmReport:
    created: int = 0
    updated: int = 0
    unlinked: int = 0
    public: int = 0


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:180] or "eig"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


@transaction.atomic
def matching_run_confirm(*, run: MatchingRun, by, public: set[int] | None = None) -> ConfirmReport:
    """Make the run's teams the défis' fellows: one `Fellow` per placed laureate
    (created once, found again through `Fellow.application` afterwards), member
    of the cohort and of their défi only among the cohort's défis. Laureates
    without a team lose their link to the cohort's défis. `public`: the
    applications whose public profile is agreed (None keeps what each profile
    says; a new profile is not public). Twice is once."""
    run = MatchingRun.objects.select_for_update().select_related("cohort").get(pk=run.pk)
    cohort = run.cohort
    placed: dict[int, int] = {}
    for did, members in run.result["teams"].items():
        for cid in members:
            placed[key_pk(cid)] = key_pk(did)
    everyone = {key_pk(c["id"]) for c in run.instance["candidates"]}
    challenges = set(
        Challenge.objects.filter(cohort=cohort, pk__in=set(placed.values())).values_list(
            "pk", flat=True
        )
    )
    applications = {
        a.pk: a
        for a in Application.objects.filter(
            pk__in=placed, call__cohort=cohort, state=ApplicationState.LAUREATE
        ).only("pk", "first_name", "last_name", "profile")
    }
    if set(placed.values()) - challenges or set(placed) - set(applications):
        raise TeamsError(
            _(
                "La situation a changé depuis cet essai (un défi ou une personne n'est plus "
                "dans la promotion) : relancez l'appariement."
            )
        )
    existing = {f.application_id: f for f in Fellow.objects.filter(application_id__in=everyone)}
    bases = {slugify(str(a)) or "eig" for a in applications.values() if a.pk not in existing}
    taken: set[str] = set()
    if bases:
        query = Q()
        for base in bases:
            query |= Q(slug=base) | Q(slug__startswith=f"{base}-")
        taken = set(Fellow.objects.filter(query).values_list("slug", flat=True))
    report = ConfirmReport()
    fellows: dict[int, Fellow] = {}
    for application in applications.values():
        fellow = existing.get(application.pk)
        name = str(application)
        is_public = None if public is None else application.pk in public
        if fellow is None:
            fellow = Fellow.objects.create(
                application=application,
                name=name,
                slug=_unique_slug(name, taken),
                profile=application.profile,
                is_public=bool(is_public),
            )
            report.created += 1
        else:
            fields = []
            if fellow.name != name:
                fellow.name, fields = name, [*fields, "name"]
            if fellow.profile != application.profile:
                fellow.profile, fields = application.profile, [*fields, "profile"]
            if is_public is not None and fellow.is_public != is_public:
                fellow.is_public, fields = is_public, [*fields, "is_public"]
            if fields:
                fellow.save(update_fields=[*fields, "updated_at"])
            report.updated += 1
        report.public += fellow.is_public
        fellows[application.pk] = fellow

    memberships = Fellow.challenges.through
    cohort_links = memberships.objects.filter(
        fellow__in=[*fellows.values(), *existing.values()], challenge__cohort=cohort
    )
    wanted = {(fellows[a].pk, d) for a, d in placed.items()}
    stale = [link.pk for link in cohort_links if (link.fellow_id, link.challenge_id) not in wanted]
    have = {(link.fellow_id, link.challenge_id) for link in cohort_links}
    report.unlinked = len(
        {link.fellow_id for link in cohort_links if link.pk in stale}
        - {f.pk for f in fellows.values()}
    )
    memberships.objects.filter(pk__in=stale).delete()
    memberships.objects.bulk_create(
        [memberships(fellow_id=f, challenge_id=d) for f, d in sorted(wanted - have)]
    )
    cohort_members = Fellow.cohorts.through
    in_cohort = set(
        cohort_members.objects.filter(cohort=cohort, fellow__in=list(fellows.values())).values_list(
            "fellow_id", flat=True
        )
    )
    cohort_members.objects.bulk_create(
        [
            cohort_members(fellow_id=f.pk, cohort_id=cohort.pk)
            for f in fellows.values()
            if f.pk not in in_cohort
        ]
    )
    content_changed()  # bulk writes send no signal: the public pages must show the teams

    run.status = RunStatus.CONFIRMED
    run.confirmed_at = timezone.now()
    run.confirmed_by = by if getattr(by, "is_authenticated", False) else None
    run.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    audit_record(
        actor=by,
        action=AuditAction.TEAMS_CONFIRMED,
        target=run,
        detail={
            "cohort": cohort.slug,
            "run": run.number,
            "teams": {d: len(m) for d, m in run.result["teams"].items()},
            "created": report.created,
            "updated": report.updated,
            "unlinked": report.unlinked,
            "public": report.public,
        },
    )
    return report
