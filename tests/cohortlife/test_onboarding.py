"""Onboarding: contracts, checklists ticked by the fellow and the team, reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from eig.accounts.models import Role
from eig.accounts.selectors import user_has_role
from eig.cohortlife import services
from eig.cohortlife.models import ChecklistItem, Contract, FellowAccount, Reminder, ReminderKind
from eig.mail.models import Email
from tests.accounts.factories import make_user
from tests.factories import ChallengeFactory, CohortFactory, FellowFactory, ProgrammeFactory
from tests.factories_cohort_life import (
    ContractFactory,
    FellowAccountFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://eig.exemple.gouv.fr"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Every absolute link of the e-mails and .ics files is built on EIG_SITE_URL."""
    settings.EIG_SITE_URL = SITE


@pytest.fixture
def cohort():
    programme = ProgrammeFactory(monthly_net_pay=Decimal("4000"), duration_months=10)
    return CohortFactory(
        programme=programme, starts_on=datetime.date(2020, 9, 1), ends_on=datetime.date(2021, 6, 30)
    )


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert services.add_months(datetime.date(2020, 9, 1), 10) == datetime.date(2021, 7, 1)
    assert services.add_months(datetime.date(2021, 1, 31), 1) == datetime.date(2021, 2, 28)
    assert services.add_months(datetime.date(2019, 11, 30), 3) == datetime.date(2020, 2, 29)


def test_a_contract_runs_ten_months_from_the_cohort_start_at_the_programme_pay(cohort):
    challenge = ChallengeFactory(cohort=cohort)
    fellow = FellowFactory(cohorts=[cohort], challenges=[challenge])

    contract = services.onboarding_open(cohort=cohort, fellow=fellow)

    assert contract.starts_on == datetime.date(2020, 9, 1)
    assert contract.ends_on == datetime.date(2021, 6, 30)
    assert contract.monthly_net_pay == Decimal("4000")
    assert contract.challenge == challenge
    assert contract.employer == challenge.organization


def test_a_cohort_without_start_date_cannot_open_onboarding():
    cohort = CohortFactory(starts_on=None)
    fellow = FellowFactory(cohorts=[cohort])

    with pytest.raises(services.CohortLifeError, match="date de début"):
        services.onboarding_open(cohort=cohort, fellow=fellow)
    assert not Contract.objects.exists()


def test_opening_the_cohort_onboarding_gives_everyone_a_checklist_once(cohort):
    fellows = FellowFactory.create_batch(3, cohorts=[cohort])
    FellowFactory(cohorts=[CohortFactory()])  # another cohort's fellow

    first = services.cohort_onboarding_open(cohort=cohort)
    items = ChecklistItem.objects.count()
    second = services.cohort_onboarding_open(cohort=cohort)

    assert (first, second) == (3, 0)
    assert set(Contract.objects.values_list("fellow", flat=True)) == {f.pk for f in fellows}
    assert items == 3 * len(services.DEFAULT_CHECKLIST)
    assert ChecklistItem.objects.count() == items
    signing = ChecklistItem.objects.filter(title="Signer le contrat de travail").first()
    assert signing.due_on == datetime.date(2020, 8, 18)  # 14 days before the start


def test_a_step_added_to_the_template_reaches_every_checklist_and_leaves_with_it(
    cohort,
):
    contracts = [ContractFactory(cohort=cohort) for _ in range(2)]
    step = services.checklist_template_add(
        cohort=cohort, title="Badge", description="", responsible="staff", due_days=-3
    )
    done = contracts[0].checklist.get(template_item=step)
    services.checklist_tick(item=done, done=True, by=make_user(Role.STAFF))

    services.checklist_template_remove(item=step)

    assert list(ChecklistItem.objects.values_list("contract", "title")) == [
        (contracts[0].pk, "Badge")
    ]


def test_the_fellow_ticks_their_own_steps_and_the_team_sees_who(client, cohort):
    fellow = FellowFactory(cohorts=[cohort])
    user = make_user(Role.FELLOW)
    FellowAccountFactory(fellow=fellow, user=user)
    contract = services.onboarding_open(cohort=cohort, fellow=fellow)
    item = contract.checklist.first()
    client.force_login(user)

    response = client.post(f"/espace/promotion/etapes/{item.pk}/", {"done": "1"})

    item.refresh_from_db()
    assert response.status_code == 302
    assert item.done_by == user and item.done_at is not None
    staff = make_user(Role.STAFF)
    client.force_login(staff)
    page = client.get(f"/gestion/contrats/{contract.pk}/").content.decode()
    assert f"par {user}" in page
    client.post(f"/gestion/contrats/{contract.pk}/etapes/{item.pk}/", {"done": "0"})
    item.refresh_from_db()
    assert item.done_at is None and item.done_by is None


def test_the_fellow_space_shows_contract_checklist_and_sessions(
    client, cohort, django_assert_max_num_queries
):
    fellow = FellowFactory(cohorts=[cohort])
    user = make_user(Role.FELLOW)
    FellowAccountFactory(fellow=fellow, user=user)
    services.onboarding_open(cohort=cohort, fellow=fellow)
    client.force_login(user)

    with django_assert_max_num_queries(12):
        response = client.get("/espace/promotion/")

    html = response.content.decode()
    assert "CDD du 1er septembre 2020 au 30 juin 2021" in html
    assert "4\u00a0000\u00a0€" in html
    assert "Signer le contrat de travail" in html


def test_a_fellow_account_not_linked_yet_is_told_so(client):
    client.force_login(make_user(Role.FELLOW))

    response = client.get("/espace/promotion/")

    assert "pas encore lié à un profil" in response.content.decode()


def test_the_team_links_a_fellow_to_an_account_by_inviting_them(client, cohort, outbox):
    fellow = FellowFactory(cohorts=[cohort])
    contract = ContractFactory(cohort=cohort, fellow=fellow)
    client.force_login(make_user(Role.STAFF))

    with outbox.capture():
        client.post(f"/gestion/contrats/{contract.pk}/compte/", {"email": "Ada@Exemple.fr"})

    link = FellowAccount.objects.get(fellow=fellow)
    assert link.user.email == "ada@exemple.fr"
    assert user_has_role(link.user, Role.FELLOW)
    assert outbox.messages[0].to == ["ada@exemple.fr"]


def test_an_account_cannot_be_linked_to_two_fellows(cohort):
    staff = make_user(Role.STAFF)
    first, second = FellowFactory.create_batch(2, cohorts=[cohort])
    services.fellow_account_link(fellow=first, email="ada@exemple.fr", by=staff)

    with pytest.raises(services.CohortLifeError, match=first.name):
        services.fellow_account_link(fellow=second, email="ada@exemple.fr", by=staff)


def test_the_team_edits_the_contract_and_bad_dates_are_refused(client, cohort):
    contract = ContractFactory(cohort=cohort)
    client.force_login(make_user(Role.STAFF))
    data = {
        "starts_on": "2020-09-01",
        "ends_on": "2020-08-01",
        "monthly_net_pay": "4000",
        "signed_on": "2020-07-15",
    }

    refused = client.post(f"/gestion/contrats/{contract.pk}/", data)
    accepted = client.post(f"/gestion/contrats/{contract.pk}/", {**data, "ends_on": "2021-06-30"})

    assert refused.status_code == 200
    assert "doit être postérieure" in refused.content.decode()
    assert accepted.status_code == 302
    contract.refresh_from_db()
    assert contract.signed_on == datetime.date(2020, 7, 15)


def test_the_cohort_page_runs_a_bounded_number_of_queries(
    client, cohort, django_assert_max_num_queries
):
    client.force_login(make_user(Role.STAFF))
    FellowFactory.create_batch(2, cohorts=[cohort])
    services.cohort_onboarding_open(cohort=cohort)
    with django_assert_max_num_queries(12) as few:
        client.get(f"/gestion/promotions/{cohort.slug}/")

    for fellow in FellowFactory.create_batch(8, cohorts=[cohort]):
        FellowAccountFactory(fellow=fellow)
    services.cohort_onboarding_open(cohort=cohort)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"/gestion/promotions/{cohort.slug}/")
    assert response.content.decode().count("/gestion/contrats/") == 10


# Reminders ---------------------------------------------------------------------------------


@pytest.fixture
def linked_contract(cohort):
    fellow = FellowFactory(cohorts=[cohort], name="Ada Lovelace")
    FellowAccountFactory(fellow=fellow, user=make_user(Role.FELLOW, first_name="Ada"))
    return services.onboarding_open(cohort=cohort, fellow=fellow)


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (datetime.date(2020, 8, 18), ReminderKind.ONBOARDING),  # 14 days before the start
        (datetime.date(2020, 8, 31), ReminderKind.ONBOARDING),
        (datetime.date(2020, 9, 1), ReminderKind.WELCOME),
        (datetime.date(2021, 5, 31), ReminderKind.END_SOON),  # 30 days before the end
        (datetime.date(2021, 7, 2), ReminderKind.ALUMNI),
    ],
)
def test_each_reminder_goes_on_its_dates(linked_contract, today, kind):
    sent = services.cohort_reminders_send(today=today)

    assert sent == 1
    [reminder] = Reminder.objects.all()
    assert reminder.kind == kind
    assert reminder.email.to == linked_contract.fellow.account_link.user.email
    assert reminder.email.template == f"cohortlife/reminder_{kind}"


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2020, 8, 17),  # too early
        datetime.date(2020, 9, 8),  # between the welcome and the end
        datetime.date(2021, 8, 1),  # long after the end: nothing old is sent
    ],
)
def test_no_reminder_outside_their_dates(linked_contract, today):
    assert services.cohort_reminders_send(today=today) == 0


def test_the_onboarding_reminder_lists_the_fellow_steps_left(linked_contract):
    signing = linked_contract.checklist.get(title="Signer le contrat de travail")
    services.checklist_tick(item=signing, done=True, by=linked_contract.fellow.account_link.user)

    services.cohort_reminders_send(today=datetime.date(2020, 8, 20))

    email = Email.objects.get()
    cohort = linked_contract.cohort.name
    assert email.subject == f"Votre arrivée dans la {cohort} le 1er septembre 2020"
    assert "Bonjour Ada," in email.body_text
    assert "- Participer au séminaire d'accueil de la promotion" in email.body_text
    assert "Signer le contrat" not in email.body_text
    assert "Préparer le poste de travail" not in email.body_text  # the team's step
    assert f"{SITE}/espace/promotion/" in email.body_text


def test_reminders_go_once_whatever_the_number_of_runs(linked_contract, settings):
    settings.EIG_SITE_URL = SITE
    FellowFactory(cohorts=[linked_contract.cohort])  # no account: no reminder
    services.cohort_onboarding_open(cohort=linked_contract.cohort)

    call_command("send_cohort_reminders", "--date", "2020-08-25")
    call_command("send_cohort_reminders", "--date", "2020-08-26")

    assert Email.objects.count() == 1
    assert Reminder.objects.count() == 1
