"""Reads of the public API: public records with what each answer needs.

Each function returns a queryset already ordered on a unique key (stable
pages) and prefetched so that a page costs a fixed number of queries.
"""

from django.db.models import Prefetch, Q, QuerySet

from eig.challenges.models import Challenge, ChallengeMentor
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import Post
from eig.events.models import Event
from eig.opendata import selectors as public
from eig.organizations.models import Organization


def _challenge_refs() -> QuerySet[Challenge]:
    return public.public_challenges().order_by("-year", "title", "pk")


def cohorts(*, detail: bool = False) -> QuerySet[Cohort]:
    qs = public.cohorts_with_counts().order_by("year", "number", "slug", "pk")
    if detail:
        qs = qs.prefetch_related(
            Prefetch("challenges", queryset=_challenge_refs(), to_attr="public_challenges")
        )
    return qs


def organizations(*, detail: bool = False) -> QuerySet[Organization]:
    qs = public.organizations_with_counts().order_by("name", "pk")
    if detail:
        qs = qs.prefetch_related(
            Prefetch(
                "children",
                queryset=public.public_organizations().order_by("name", "pk"),
                to_attr="public_children",
            ),
            Prefetch("challenges", queryset=_challenge_refs(), to_attr="public_challenges"),
        )
    return qs


def challenges(*, detail: bool = False) -> QuerySet[Challenge]:
    qs = (
        public.public_challenges()
        .select_related("cohort", "organization")
        .prefetch_related("themes", "skills")
        .order_by("-year", "title", "pk")
    )
    if detail:
        qs = qs.prefetch_related(
            "key_figures",
            "projects",
            Prefetch(
                "fellows",
                queryset=public.public_fellows().order_by("name", "pk"),
                to_attr="public_fellows",
            ),
            Prefetch(
                "mentorships",
                queryset=ChallengeMentor.objects.filter(mentor__is_public=True)
                .select_related("mentor")
                .order_by("position", "pk"),
                to_attr="public_mentorships",
            ),
        )
    return qs


def fellows(*, detail: bool = False) -> QuerySet[Fellow]:
    return (
        public.public_fellows()
        .prefetch_related(
            Prefetch(
                "cohorts",
                queryset=public.public_cohorts().order_by("year", "slug"),
                to_attr="public_cohorts",
            ),
            Prefetch("challenges", queryset=_challenge_refs(), to_attr="public_challenges"),
        )
        .order_by("name", "pk")
    )


def posts(*, detail: bool = False) -> QuerySet[Post]:
    qs = public.public_posts().order_by("-published_at", "-pk")
    if detail:
        qs = qs.prefetch_related("attachments")
    return qs


def post_translations(post: Post) -> list[Post]:
    """The other published languages of a post: its original and its translations."""
    root_id = post.translation_of_id or post.pk
    return list(
        public.public_posts()
        .filter(Q(pk=root_id) | Q(translation_of_id=root_id))
        .exclude(pk=post.pk)
        .order_by("language", "pk")
    )


def events(*, detail: bool = False) -> QuerySet[Event]:
    qs = public.public_events().select_related("cohort").order_by("-starts_at", "-pk")
    if detail:
        qs = qs.prefetch_related(
            Prefetch("challenges", queryset=_challenge_refs(), to_attr="public_challenges")
        )
    return qs
