"""The addresses the accessibility test visits, made in the browser server's database.

Run by the test in the server's environment (`manage.py shell -c`): it builds
the permission matrix's world (tests/security/world.py) beside the demo data,
gives each of its people a password, and prints as JSON, for every GET row of
the matrix, one role that sees the page (200) and the page's address. Public
pages are shown with the demo data's first object of each kind (a défi, a
post, an event, a cohort, an EIG…), as a visitor sees them in production.
"""

import json

import factory
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from eig.challenges.models import Challenge, Mentor
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import Page, Post
from eig.events.models import Event
from tests.security.matrix import World, all_rows, row_kwargs

# The role each page is seen as: the first of these the matrix answers 200.
ROLE_ORDER = [
    "anonymous",
    "candidate",
    "agent",
    "jury",
    "mentor",
    "fellow",
    "staff",
    "jury_conflict",
    "other_candidate",
    "agent_other",
]


def _demo_world(world: World) -> World:
    """The world, its public objects replaced by the demo data's first ones."""
    demo = World(**vars(world))
    demo.challenge = Challenge.objects.published().exclude(pk=world.challenge.pk).order_by("pk")[0]
    demo.mentor = Mentor.objects.exclude(pk=world.mentor.pk).order_by("pk")[0]
    demo.cohort = Cohort.objects.published().exclude(pk=world.cohort.pk).order_by("number")[0]
    demo.fellow = Fellow.objects.public().exclude(pk=world.fellow.pk).order_by("pk")[0]
    demo.post = Post.objects.published().exclude(pk=world.post.pk).order_by("-pk")[0]
    demo.page = Page.objects.published().exclude(pk=world.page.pk).order_by("pk")[0]
    ours = [world.webinar.pk, world.event.pk]
    demo.webinar = demo.event = Event.objects.published().exclude(pk__in=ours).order_by("pk")[0]
    return demo


def _build(password: str) -> World:
    from tests import factories
    from tests.security.world import build_world

    # Beside the demo data: numbers and slugs of its own, the programme page shared.
    for name in dir(factories):
        klass = getattr(factories, name)
        if isinstance(klass, type) and issubclass(klass, factory.django.DjangoModelFactory):
            klass.reset_sequence(90)
    factories.PageFactory._meta.django_get_or_create = ("slug", "language")
    with transaction.atomic():
        world = build_world()
        for user in [*world.people.values(), world.superuser]:
            if user is not None:
                user.set_password(password)
                user.save(update_fields=["password"])
    return world


def dump(password: str) -> None:
    world = _build(password)
    demo = _demo_world(world)
    pages = {}
    for key, row in all_rows().items():
        if row.method != "get":
            continue
        role = next((r for r in ROLE_ORDER if row.expect[r] == 200), None)
        if role is None:
            continue
        source = demo if role == "anonymous" else world
        try:
            paths = {}
            for language in ("fr", "en"):
                with translation.override(language):
                    paths[language] = (
                        row.path(source)
                        if row.path
                        else reverse(key, kwargs=row_kwargs(row, source))
                    )
        except Exception:  # noqa: BLE001 - a pattern absent in this configuration
            if row.optional:
                continue
            raise
        pages[key] = {"role": role, **paths}
    people = {role: user.email for role, user in world.people.items() if user is not None}
    print(json.dumps({"people": people, "pages": pages}))
