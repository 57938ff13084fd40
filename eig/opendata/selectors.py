"""What the site publishes to machines: the public records, nothing else.

One place decides what "public" means for the open data, the API and the
feeds: a published cohort; a published défi of a published cohort; a fellow
who opted in; a published event; a published post whose date has come; an
administration hosting a public défi (or the ministry above one).
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import Post
from eig.events.models import Event
from eig.organizations.models import Organization


def count_of(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated COUNT of `queryset` rows whose `field` is the outer row.

    A subquery per count keeps several counts on one row from multiplying
    each other, which joins with GROUP BY would do.
    """
    counted = (
        queryset.order_by()
        .filter(**{field: OuterRef("pk")})
        .values(field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def public_cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.published()


def public_challenges() -> QuerySet[Challenge]:
    return Challenge.objects.published().filter(cohort__is_published=True)


def public_fellows() -> QuerySet[Fellow]:
    return Fellow.objects.public()


def public_events() -> QuerySet[Event]:
    return Event.objects.published()


def public_posts(*, now=None) -> QuerySet[Post]:
    return Post.objects.published().filter(published_at__lte=now or timezone.now())


def public_organizations() -> QuerySet[Organization]:
    """Administrations hosting a public défi, and their parents (three levels)."""
    challenges = public_challenges()
    return Organization.objects.filter(
        Exists(challenges.filter(organization=OuterRef("pk")))
        | Exists(challenges.filter(organization__parent=OuterRef("pk")))
        | Exists(challenges.filter(organization__parent__parent=OuterRef("pk")))
    )


def cohorts_with_counts() -> QuerySet[Cohort]:
    """Public cohorts with their numbers of public défis and public fellows."""
    memberships = Fellow.cohorts.through.objects.filter(fellow__is_public=True)
    return (
        public_cohorts()
        .select_related("programme")
        .annotate(
            challenges_count=count_of(public_challenges(), "cohort"),
            fellows_count=count_of(memberships, "cohort"),
        )
    )


def organizations_with_counts() -> QuerySet[Organization]:
    """Public administrations with the number of public défis each hosts."""
    return (
        public_organizations()
        .select_related("parent")
        .annotate(challenges_count=count_of(public_challenges(), "organization"))
    )
