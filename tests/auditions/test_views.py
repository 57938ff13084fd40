"""The auditions and decisions as people use them, through the pages; and
each list's query count on a small and a large dataset."""

from datetime import timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eig.accounts.models import Role
from eig.applications.models import ApplicationState as S
from eig.audit.models import AuditEvent
from eig.auditions import services
from eig.auditions.models import Audition, AuditionInvitation, AuditionSlot, Decision
from eig.mail.models import Email
from tests.accounts.factories import make_user
from tests.auditions.factories import (
    AuditionFactory,
    AuditionSlotFactory,
    mixed_panel,
    move,
    preselected_application,
)
from tests.selection.factories import ConflictFactory, ReviewAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client():
    """Apart from `client`, which the tests use for the candidate or a jury member."""
    staff = Client()
    staff.force_login(make_user(Role.STAFF))
    return staff


def test_staff_create_a_series_of_slots_over_the_jury_week(staff_client):
    call = AuditionSlotFactory().call
    AuditionSlot.objects.all().delete()
    response = staff_client.post(
        reverse("auditions:staff_series", kwargs={"call_pk": call.pk}),
        {
            "first_day": "2018-11-05",
            "last_day": "2018-11-11",
            "weekdays_only": "on",
            "first_time": "09:00",
            "last_time": "12:00",
            "duration": "45",
            "pause": "15",
            "place": "DINSIC, salle 4",
        },
    )
    assert response.status_code == 302
    assert AuditionSlot.objects.filter(call=call).count() == 5 * 3  # Monday to Friday, 9, 10, 11
    page = staff_client.get(reverse("auditions:staff_slots", kwargs={"call_pk": call.pk}))
    html = page.content.decode()
    assert "lundi 5 novembre 2018" in html
    assert "vendredi 9 novembre 2018" in html
    assert "samedi" not in html


def test_a_series_form_error_keeps_what_was_typed(staff_client):
    call = AuditionSlotFactory().call
    response = staff_client.post(
        reverse("auditions:staff_series", kwargs={"call_pk": call.pk}),
        {
            "first_day": "2018-11-05",
            "last_day": "2018-11-09",
            "first_time": "09:00",
            "last_time": "12:00",
            "duration": "45",
            "pause": "15",
            "place": "",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez un lieu ou un lien de visioconférence." in html
    assert 'value="2018-11-05"' in html


def test_staff_invite_then_the_candidate_books_from_their_space(client, staff_client):
    slot = AuditionSlotFactory()
    application = preselected_application(call=slot.call)
    staff_client.post(reverse("auditions:staff_invite", kwargs={"call_pk": slot.call_id}))
    assert AuditionInvitation.objects.filter(application=application).exists()

    client.force_login(application.candidate)
    detail = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))
    assert "Choisir mon créneau" in detail.content.decode()
    page = client.get(reverse("auditions:book", kwargs={"pk": application.pk}))
    assert "Réserver ce créneau" in page.content.decode()
    response = client.post(
        reverse("auditions:book", kwargs={"pk": application.pk}), {"slot": slot.pk}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.AUDITION_SCHEDULED
    detail = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))
    assert "Votre audition est programmée" in detail.content.decode()
    ics = client.get(reverse("auditions:candidate_ics", kwargs={"pk": application.pk}))
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(ics.content)
    [event] = calendar.walk("VEVENT")
    audition = Audition.objects.get(application=application)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]).startswith(f"audition-{audition.uid}@")
    assert Email.objects.filter(template="auditions/scheduled").count() == 1


def test_a_slot_taken_meanwhile_gives_a_clear_message(client):
    slot = AuditionSlotFactory()
    AuditionFactory(slot=slot)
    other_slot = AuditionSlotFactory(call=slot.call)
    application = preselected_application(call=slot.call, invited=True)
    client.force_login(application.candidate)
    response = client.post(
        reverse("auditions:book", kwargs={"pk": application.pk}), {"slot": slot.pk}
    )
    # The taken slot is no longer a choice: the form says so, the free one is offered.
    assert response.status_code == 200
    assert f'value="{other_slot.pk}"' in response.content.decode()
    application.refresh_from_db()
    assert application.state == S.PRESELECTED


def test_staff_form_a_panel_and_see_the_conflict_in_french(staff_client):
    audition = AuditionFactory()
    admin, outside = mixed_panel(audition.slot.call)
    ConflictFactory(member=outside, application=audition.application)
    url = reverse("auditions:staff_panel", kwargs={"call_pk": audition.slot.call_id})
    response = staff_client.post(
        url, {"slots": [audition.slot.pk], "members": [admin.pk, outside.pk]}
    )
    assert response.status_code == 200
    assert "a déclaré un conflit d&#x27;intérêts" in response.content.decode()
    assert not audition.slot.panel.exists()


def test_a_panel_member_records_the_result_in_their_space(client):
    slot = AuditionSlotFactory(past=True)
    panel = mixed_panel(slot.call)
    slot.panel.set(panel)
    audition = AuditionFactory(slot=slot)
    client.force_login(panel[1].user)
    space = client.get(reverse("espace:home"))
    assert reverse("auditions:panel_list") in space.content.decode()
    listing = client.get(reverse("auditions:panel_list"))
    assert str(audition.application) in listing.content.decode()
    ics = client.get(reverse("auditions:panel_ics", kwargs={"pk": audition.pk}))
    assert b"Audition de" in ics.content

    response = client.post(
        reverse("auditions:panel_detail", kwargs={"pk": audition.pk}),
        {"outcome": "held", "recommendation": "reserved", "comment": "À revoir."},
    )

    assert response.status_code == 302
    audition.application.refresh_from_db()
    assert audition.application.state == S.AUDITIONED


def test_held_without_a_recommendation_is_refused_in_french(client):
    slot = AuditionSlotFactory(past=True)
    slot.panel.set(mixed_panel(slot.call))
    audition = AuditionFactory(slot=slot)
    client.force_login(slot.panel.first().user)
    response = client.post(
        reverse("auditions:panel_detail", kwargs={"pk": audition.pk}),
        {"outcome": "held", "comment": "Texte gardé"},
    )
    assert response.status_code == 200
    assert "Donnez l&#x27;avis du jury" in response.content.decode()
    assert "Texte gardé" in response.content.decode()


def _auditioned(call, recommendation="favourable"):
    audition = AuditionFactory(slot=AuditionSlotFactory(call=call, past=True))
    audition.state, audition.recommendation = "held", recommendation
    audition.save()
    move(audition.application, S.AUDITIONED)
    return audition.application


def test_staff_decide_announce_and_the_candidate_sees_it(client, staff_client):
    call = AuditionSlotFactory().call
    first, second = _auditioned(call), _auditioned(call, "reserved")
    ReviewAssignmentFactory(application=first, submitted=True, scores={"dynamism": 5})
    ReviewAssignmentFactory(application=second, submitted=True, scores={"dynamism": 1})
    url = reverse("auditions:staff_decisions", kwargs={"call_pk": call.pk})
    page = staff_client.get(url).content.decode()
    assert page.index(str(first)) < page.index(str(second))  # best score first
    assert "Favorable" in page and "Réservé" in page

    staff_client.post(url, {"outcome": "laureate", "applications": [first.pk]})
    staff_client.post(url, {"outcome": "waiting_list", "applications": [second.pk]})
    preview = staff_client.get(reverse("auditions:staff_announce", kwargs={"call_pk": call.pk}))
    assert "2 courriels partiront" in preview.content.decode()
    client.force_login(first.candidate)
    before = client.get(reverse("applications:detail", kwargs={"pk": first.pk})).content.decode()
    assert "Félicitations" not in before

    staff_client.post(reverse("auditions:staff_announce", kwargs={"call_pk": call.pk}))
    first.refresh_from_db()
    assert first.state == S.LAUREATE

    after = client.get(reverse("applications:detail", kwargs={"pk": first.pk})).content.decode()
    assert "Félicitations" in after
    assert "Renoncer à ma place" in after
    assert Email.objects.filter(template__startswith="auditions/decision_").count() == 2

    # The laureate declines; staff call the next on the waiting list.
    client.post(reverse("auditions:decline", kwargs={"pk": first.pk}), {"confirm": "on"})
    first.refresh_from_db()
    assert first.state == S.DECLINED
    challenge = first.choices.get().challenge
    second.choices.update(challenge=challenge)
    page = staff_client.get(url).content.decode()
    assert "Appeler la personne suivante sur la liste d'attente" in page
    staff_client.post(
        reverse(
            "auditions:staff_call_next", kwargs={"call_pk": call.pk, "challenge_pk": challenge.pk}
        )
    )
    second.refresh_from_db()
    assert second.state == S.LAUREATE
    assert Decision.objects.get(application=second).replaces == first


def test_cancelling_from_the_application_page_frees_the_slot_and_tells_everyone(staff_client):
    slot = AuditionSlotFactory()
    slot.panel.set(mixed_panel(slot.call))
    audition = AuditionFactory(slot=slot)
    application = audition.application
    cancel_url = reverse("auditions:staff_cancel", kwargs={"pk": audition.pk})

    page = staff_client.get(reverse("applications:staff_detail", kwargs={"pk": application.pk}))
    bypass = staff_client.post(
        reverse("applications:staff_transition", kwargs={"pk": application.pk}),
        {"to": S.PRESELECTED},
        follow=True,
    )
    application.refresh_from_db()
    assert application.state == S.AUDITION_SCHEDULED  # the state alone never moves
    assert "écran des auditions" in bypass.content.decode()
    html = page.content.decode()
    assert f'href="{cancel_url}"' in html
    assert 'value="preselected"' not in html

    confirm = staff_client.get(cancel_url)  # a confirmation step, with a reason
    staff_client.post(cancel_url, {"reason": "Jury indisponible"})

    assert confirm.status_code == 200
    audition.refresh_from_db()
    application.refresh_from_db()
    assert audition.state == "cancelled"
    assert application.state == S.PRESELECTED
    assert AuditionSlot.objects.filter(pk=slot.pk).free().exists()
    assert Email.objects.filter(
        template="auditions/cancelled", to=application.candidate.email
    ).exists()
    assert Email.objects.filter(template="auditions/panel_cancelled").count() == 2
    assert AuditEvent.objects.filter(
        application_id=application.pk, action="state_changed", detail__to=S.PRESELECTED
    ).exists()


def test_no_decision_is_recorded_nor_announced_while_the_call_is_open(staff_client):
    call = AuditionSlotFactory().call
    first, second = _auditioned(call), _auditioned(call)
    services.decisions_record(applications=[first], outcome=S.LAUREATE, by=make_user(Role.STAFF))
    call.closes_at = timezone.now() + timedelta(days=3)  # reopened meanwhile
    call.save()
    url = reverse("auditions:staff_decisions", kwargs={"call_pk": call.pk})

    recorded = staff_client.post(
        url, {"outcome": "waiting_list", "applications": [second.pk]}, follow=True
    )
    announced = staff_client.post(
        reverse("auditions:staff_announce", kwargs={"call_pk": call.pk}), follow=True
    )

    for response in (recorded, announced):
        assert "reste ouvert aux candidatures" in response.content.decode().replace("&#x27;", "'")
    assert not Decision.objects.filter(application=second).exists()
    first.refresh_from_db()
    assert first.state == S.AUDITIONED
    assert not Email.objects.filter(template__startswith="auditions/decision_").exists()


def test_the_decline_needs_its_confirmation(client):
    call = AuditionSlotFactory().call
    application = _auditioned(call)
    move(application, S.LAUREATE)
    client.force_login(application.candidate)
    response = client.post(reverse("auditions:decline", kwargs={"pk": application.pk}), {})
    assert response.status_code == 200
    assert "Cochez la case" in response.content.decode()
    application.refresh_from_db()
    assert application.state == S.LAUREATE


# Query counts ---------------------------------------------------------------------


def _dataset(size: int):
    slot = AuditionSlotFactory()
    call = slot.call
    panel = mixed_panel(call)
    auditions = []
    for index in range(size):
        s = AuditionSlotFactory(call=call, starts_at=slot.starts_at + timedelta(hours=index + 1))
        s.panel.set(panel)
        auditions.append(AuditionFactory(slot=s))
    for _ in range(size):
        _auditioned(call)
    return call, panel


@pytest.mark.parametrize("size", [2, 12])
def test_lists_run_a_bounded_number_of_queries(client, size, django_assert_max_num_queries):
    call, panel = _dataset(size)
    staff = make_user(Role.STAFF)
    client.force_login(staff)
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("auditions:staff_slots", kwargs={"call_pk": call.pk})).status_code
            == 200
        )
    with django_assert_max_num_queries(18):
        assert (
            client.get(
                reverse("auditions:staff_decisions", kwargs={"call_pk": call.pk})
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("auditions:staff_announce", kwargs={"call_pk": call.pk})).status_code
            == 200
        )
    client.force_login(panel[0].user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("auditions:panel_list")).status_code == 200
    application = Audition.objects.filter(slot__call=call, state="scheduled").first().application
    AuditionInvitation.objects.create(application=application)
    client.force_login(application.candidate)
    with django_assert_max_num_queries(16):
        assert (
            client.get(reverse("auditions:book", kwargs={"pk": application.pk})).status_code == 200
        )
    assert timezone.now()
