"""The permission matrix: every URL of the site and the API × every role.

The URL patterns come from the URL configuration (`get_resolver()`, walked
through every include and the language prefix), so a new view cannot be
forgotten: a pattern without a row in `tests/security/matrix/` fails
`test_every_url_is_in_the_table`, naming it. Each declared row is then visited
as each role and the answer compared to the table. The Django admin is one
group: superusers only, everyone else sent to the admin's own login.

The world (tests/security/world.py) is built once per module inside a
transaction rolled back at the end; each test runs in a savepoint.
"""

import sys
from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from eig.applications.models import ApplicationCall, ApplicationState
from eig.auditions.models import Audition, AuditionSlot, AuditionState
from tests.security.matrix import LOGIN, ROLES, all_rows, private, row_data, row_kwargs
from tests.security.world import (
    APPLICATION_NAME_WITNESS,
    APPLICATION_WITNESS,
    CHOICE_WITNESS,
    EXPERIENCE_WITNESS,
    FIRST_NAME_WITNESS,
    PROPOSAL_TITLE_WITNESS,
    PROPOSAL_WITNESS,
    WITNESSES,
    build_world,
)

ROWS = all_rows()
ADMIN_NAMESPACE = "admin"


def site_patterns(resolver=None, namespace: str = "") -> dict[str, str]:
    """{key: readable route} for every URL pattern; the key is `namespace:name`,
    or `namespace:<regex>` for a pattern without a name."""
    resolver = resolver or get_resolver()
    found = {}
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found.update(site_patterns(entry, inner))
        elif isinstance(entry, URLPattern):
            local = entry.name or str(entry.pattern)
            key = f"{namespace}:{local}" if namespace else local
            found[key] = str(entry.pattern)
    return found


PATTERNS = site_patterns()
SITE = sorted(key for key in PATTERNS if key.split(":")[0] != ADMIN_NAMESPACE)
ADMIN = sorted(key for key in PATTERNS if key.split(":")[0] == ADMIN_NAMESPACE)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, rolled back at its end."""
    overrides = override_settings(
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    overrides.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            overrides.disable()
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    overrides.disable()


@pytest.fixture(scope="module")
def module_client():
    """One client for the module: a new one loads the middleware again, and
    WhiteNoise then walks every static file (a tenth of a second each time)."""
    return Client()


@pytest.fixture
def client(module_client):
    module_client.cookies.clear()
    return module_client


def test_every_url_is_in_the_table():
    missing = [f"{key}  ({PATTERNS[key]})" for key in SITE if key not in ROWS]
    assert not missing, (
        "URL patterns missing from the permission matrix (add a row to "
        "tests/security/matrix/<app_label>.py, see tests/security/README.md):\n  "
        + "\n  ".join(missing)
    )


def test_every_row_names_a_url():
    stale = sorted(key for key in set(ROWS) - set(SITE) if not ROWS[key].optional)
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def test_the_admin_is_found_and_the_rest_is_not_empty():
    """The walk really goes through includes and the language prefix."""
    assert "admin:index" in ADMIN
    assert {"core:home", "api:root", "applications:detail", "set_language"} <= set(SITE)


def answer(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login") + "?next="
    ):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("key", [key for key in SITE if key in ROWS])
def test_who_may_use_each_url(client, world, db, key):
    """Each role in turn, each in a savepoint of its own (a POST changes nothing for the next)."""
    row = ROWS[key]
    seen, leaks = {}, []
    for role in ROLES:
        with transaction.atomic():
            client.cookies.clear()
            if world.people[role] is not None:
                client.force_login(world.people[role])
            url = row.path(world) if row.path else reverse(key, kwargs=row_kwargs(row, world))
            response = getattr(client, row.method)(url, row_data(row, world))
            seen[role] = answer(response)
            if response.status_code == 200:
                text = body(response)
                leaks += [
                    f"{witness} to {role}"
                    for witness, readers in WITNESSES.items()
                    if role not in readers and witness in text
                ]
            transaction.set_rollback(True)

    wrong = {
        role: f"{seen[role]}, not {row.expect[role]}"
        for role in ROLES
        if seen[role] != row.expect[role]
    }
    assert not wrong, f"{row.method.upper()} {url} ({key}): {wrong}"
    assert not leaks, f"{key} shows private words: {leaks}"


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_the_admin_is_for_superusers_only(client, world, db, role):
    person = world.superuser if role == "superuser" else world.people[role]
    if person is not None:
        client.force_login(person)
    login = reverse("admin:login")

    seen = {}
    for url in admin_urls():
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(login):
            seen[url] = "admin login"
        else:
            seen[url] = response.status_code

    wanted = 200 if role == "superuser" else "admin login"
    wrong = {url: status for url, status in seen.items() if status != wanted}
    assert not wrong, f"as {role}, expected {wanted}: {wrong}"


def test_the_private_words_are_on_their_own_pages(client, world, db):
    """The leak check above can fail: the words are shown to those who may read them."""
    pages = [
        ("candidate", "applications:detail", world.application.pk, APPLICATION_WITNESS),
        ("jury", "selection:review", world.application.pk, APPLICATION_WITNESS),
        ("agent", "proposals:agent_detail", world.proposal.pk, PROPOSAL_WITNESS),
        ("jury", "proposals:jury_review", world.proposal.pk, PROPOSAL_WITNESS),
        ("jury", "auditions:panel_detail", world.audition.pk, APPLICATION_NAME_WITNESS),
        ("jury", "auditions:panel_detail", world.audition.pk, FIRST_NAME_WITNESS),
        ("candidate", "applications:detail", world.application.pk, CHOICE_WITNESS),
        ("jury", "selection:review", world.application.pk, CHOICE_WITNESS),
        ("candidate", "applications:detail", world.application.pk, EXPERIENCE_WITNESS),
        ("jury", "selection:review", world.application.pk, EXPERIENCE_WITNESS),
        ("staff", "applications:staff_detail", world.application.pk, FIRST_NAME_WITNESS),
        ("agent", "proposals:agent_detail", world.proposal.pk, PROPOSAL_TITLE_WITNESS),
        ("jury", "proposals:jury_review", world.proposal.pk, PROPOSAL_TITLE_WITNESS),
    ]
    for role, name, pk, witness in pages:
        client.force_login(world.people[role])
        response = client.get(reverse(name, kwargs={"pk": pk}))
        assert response.status_code == 200, (role, name)
        assert witness in body(response), (role, name, witness)


# The result form of an audition, posted as each role: only a member of its
# panel without a conflict (and staff) records it; the member in conflict, who
# sits on the panel, gets the same 404 as a stranger to it.
RESULT = {"outcome": "held", "recommendation": "unfavourable", "comment": "Avis"}
RESULT_EXPECTED = private(jury=302, jury_conflict=404, staff=302)


def test_the_audition_result_form_as_each_role(client, world, db):
    audition = world.audition
    assert world.conflict_member in audition.slot.panel.all()  # in conflict, on the panel
    url = reverse("auditions:panel_detail", kwargs={"pk": audition.pk})
    seen, changed = {}, {}
    for role in ROLES:
        with transaction.atomic():
            client.cookies.clear()
            if world.people[role] is not None:
                client.force_login(world.people[role])
            # The audition took place an hour ago (a result is recorded afterwards),
            # once its call had closed (selection work waits for the close).
            AuditionSlot.objects.filter(pk=audition.slot_id).update(
                starts_at=timezone.now() - timedelta(hours=2),
                ends_at=timezone.now() - timedelta(hours=1),
            )
            ApplicationCall.objects.filter(pk=audition.application.call_id).update(
                closes_at=timezone.now() - timedelta(days=1)
            )
            seen[role] = answer(client.post(url, RESULT))
            after = Audition.objects.select_related("application").get(pk=audition.pk)
            changed[role] = (
                after.state == AuditionState.HELD
                and after.application.state == ApplicationState.AUDITIONED
            )
            transaction.set_rollback(True)

    wrong = {
        role: f"{seen[role]}, not {RESULT_EXPECTED[role]}"
        for role in ROLES
        if seen[role] != RESULT_EXPECTED[role]
    }
    assert not wrong, f"POST {url}: {wrong}"
    # The refused posts changed nothing; the allowed ones recorded the result.
    assert {role for role, done in changed.items() if done} == {"jury", "staff"}
