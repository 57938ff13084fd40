"""Who may use every view of cohort life and event registration: one table,
every view × every persona (as tests/accounts/test_permissions.py does).

A view added to the `cohortlife` or `events` URLs must be added to `TABLE`,
or `test_every_view_is_in_the_table` fails.
"""

import pytest
from django.urls import get_resolver, reverse

from eig.accounts.models import Role
from eig.events.services import cancel_token, confirm_token
from tests.accounts.factories import make_user
from tests.factories import ChallengeFactory, CohortFactory, EventFactory, FellowFactory
from tests.factories_cohort_life import (
    ChecklistItemFactory,
    ChecklistTemplateItemFactory,
    ContractFactory,
    FellowAccountFactory,
    MentoringSessionFactory,
    RegistrationFactory,
    WebinarFactory,
)

PERSONAS = [
    "anonymous",
    "candidate",
    "agent",
    "jury",
    "mentor",
    "fellow",  # the fellow whose checklist item is used below
    "fellow_other",  # a fellow of another cohort
    "staff",
]
LOGIN = "login"


def expect(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


def private(allowed: dict, *, others=403):
    return expect(others, anonymous=LOGIN, **allowed)


STAFF_GET = private({"staff": 200})
STAFF_POST = private({"staff": 302})
FELLOWS = {"fellow": 200, "fellow_other": 200}

TABLE = {
    # public pages
    "cohortlife:statistics": ("get", expect(200)),
    "cohortlife:alumni": ("get", expect(200)),
    "events:list": ("get", expect(200)),
    "events:detail": ("get", expect(200)),
    "events:register": ("post", expect(302)),
    "events:registration_confirm": ("get", expect(200)),
    "events:registration_cancel": ("get", expect(200)),
    "events:unregister": ("post", private({p: 302 for p in PERSONAS if p != "anonymous"})),
    # fellows
    "cohortlife:fellow_space": ("get", private(FELLOWS)),
    "cohortlife:fellow_tick": ("post", private({"fellow": 302, "fellow_other": 404})),
    "cohortlife:fellow_profile": ("post", private({"fellow": 302, "fellow_other": 302})),
    # the programme team
    "cohortlife:staff_cohorts": ("get", STAFF_GET),
    "cohortlife:staff_cohort": ("get", STAFF_GET),
    "cohortlife:staff_onboarding_open": ("post", STAFF_POST),
    "cohortlife:staff_checklist_template": ("get", STAFF_GET),
    "cohortlife:staff_checklist_template_default": ("post", STAFF_POST),
    "cohortlife:staff_checklist_template_remove": ("post", STAFF_POST),
    "cohortlife:staff_report": ("get", STAFF_GET),
    "cohortlife:staff_contract": ("get", STAFF_GET),
    "cohortlife:staff_tick": ("post", STAFF_POST),
    "cohortlife:staff_account_link": ("post", STAFF_POST),
    "cohortlife:staff_challenge": ("get", STAFF_GET),
    "cohortlife:attendance": ("get", STAFF_GET),
    "events:staff_list": ("get", STAFF_GET),
    "events:staff_create": ("get", STAFF_GET),
    "events:staff_edit": ("get", STAFF_GET),
    "events:staff_attendees": ("get", STAFF_GET),
    "events:staff_attendees_csv": ("get", STAFF_GET),
    "events:staff_registration_cancel": ("post", STAFF_POST),
}


@pytest.fixture
def world(db):
    cohort = CohortFactory()
    other_cohort = CohortFactory()
    challenge = ChallengeFactory(cohort=cohort)
    fellow = FellowFactory(cohorts=[cohort], challenges=[challenge])
    other_fellow = FellowFactory(cohorts=[other_cohort])
    people = {
        "anonymous": None,
        "candidate": make_user(Role.CANDIDATE),
        "agent": make_user(Role.AGENT),
        "jury": make_user(Role.JURY),
        "mentor": make_user(Role.MENTOR),
        "fellow": make_user(Role.FELLOW),
        "fellow_other": make_user(Role.FELLOW),
        "staff": make_user(Role.STAFF),
    }
    FellowAccountFactory(fellow=fellow, user=people["fellow"])
    FellowAccountFactory(fellow=other_fellow, user=people["fellow_other"])
    contract = ContractFactory(cohort=cohort, fellow=fellow)
    item = ChecklistItemFactory(contract=contract)
    ContractFactory(cohort=other_cohort, fellow=other_fellow)
    template_item = ChecklistTemplateItemFactory(cohort=cohort)
    session = MentoringSessionFactory(cohort=cohort)
    webinar = WebinarFactory(capacity=50)
    registration = RegistrationFactory(event=webinar)
    pending = RegistrationFactory(event=webinar, pending=True)
    public_event = EventFactory()
    args = {
        "events:detail": {"slug": webinar.slug},
        "events:register": {"slug": webinar.slug},
        "events:unregister": {"slug": webinar.slug},
        "events:registration_confirm": {"token": confirm_token(pending)},
        "events:registration_cancel": {"token": cancel_token(registration)},
        "cohortlife:fellow_tick": {"pk": item.pk},
        "cohortlife:staff_cohort": {"slug": cohort.slug},
        "cohortlife:staff_onboarding_open": {"slug": cohort.slug},
        "cohortlife:staff_checklist_template": {"slug": cohort.slug},
        "cohortlife:staff_checklist_template_default": {"slug": cohort.slug},
        "cohortlife:staff_checklist_template_remove": {"slug": cohort.slug, "pk": template_item.pk},
        "cohortlife:staff_report": {"slug": cohort.slug},
        "cohortlife:staff_contract": {"pk": contract.pk},
        "cohortlife:staff_tick": {"pk": contract.pk, "item_pk": item.pk},
        "cohortlife:staff_account_link": {"pk": contract.pk},
        "cohortlife:staff_challenge": {"pk": challenge.pk},
        "cohortlife:attendance": {"pk": session.pk},
        "events:staff_edit": {"pk": public_event.pk},
        "events:staff_attendees": {"pk": webinar.pk},
        "events:staff_attendees_csv": {"pk": webinar.pk},
        "events:staff_registration_cancel": {"pk": webinar.pk, "registration_pk": registration.pk},
    }
    data = {
        "events:register": {"name": "Camille", "email": "camille@exemple.fr"},
        "cohortlife:fellow_tick": {"done": "1"},
        "cohortlife:fellow_profile": {"is_public": "on", "next_steps": "Développeuse."},
        "cohortlife:staff_tick": {"done": "1"},
        "cohortlife:staff_account_link": {"email": "eig@exemple.fr"},
    }
    return {"people": people, "args": args, "data": data}


def test_every_view_is_in_the_table():
    names = set()
    for namespace in ("cohortlife", "events"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    assert names == set(TABLE)


def _status(client, method, url, data):
    response = getattr(client, method)(url, data)
    if response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login") + "?next="
    ):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", list(TABLE))
def test_who_may_use_each_view(client, world, name, settings):
    # Who may, not how often: the same form posted once per role would
    # otherwise meet the registration rate limit (tests/events/test_open_relay.py).
    settings.EIG_RATE_LIMITS_ENABLED = False
    method, expected = TABLE[name]
    url = reverse(name, kwargs=world["args"].get(name))
    seen = {}
    for persona in PERSONAS:
        client.logout()
        if world["people"][persona] is not None:
            client.force_login(world["people"][persona])
        seen[persona] = _status(client, method, url, world["data"].get(name, {}))
    assert seen == expected


def test_every_view_declares_who_may_use_it():
    """Public views are marked `@public`; the others carry their roles."""
    for namespace in ("cohortlife", "events"):
        for pattern in get_resolver().namespace_dict[namespace][1].url_patterns:
            assert hasattr(pattern.callback, "allowed_roles"), f"{namespace}:{pattern.name}"
