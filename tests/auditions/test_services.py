"""Auditions and decisions, service by service: what changes, who is told,
what is refused (and in which words)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from eig.applications.models import ApplicationState as S
from eig.applications.models import ApplicationTransition
from eig.applications.services import application_transition
from eig.auditions import schedule, selectors, services
from eig.auditions.models import Audition, AuditionSlot, AuditionState, Decision
from eig.cohorts.models import Profile
from eig.mail.models import Email
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationChoiceFactory, ApplicationFactory
from tests.auditions.factories import (
    AuditionFactory,
    AuditionSlotFactory,
    mixed_panel,
    move,
    preselected_application,
)
from tests.factories import ChallengeFactory
from tests.selection.factories import ConflictFactory, JuryMemberFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
SITE = "https://eig.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Every absolute link of the e-mails and .ics files is built on EIG_SITE_URL."""
    settings.EIG_SITE_URL = SITE


def _event(email: Email) -> tuple[str, icalendar.Event]:
    [attachment] = email.attachments
    calendar = icalendar.Calendar.from_ical(attachment["content"])
    [event] = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


@pytest.fixture
def staff():
    return make_user("staff")


# Slots -------------------------------------------------------------------------


def test_series_times_follow_each_other_with_the_pause_and_stop_before_the_end():
    times = schedule.series_times(
        days=[date(2018, 11, 6), date(2018, 11, 5)],
        first=time(9, 0),
        last=time(11, 0),
        duration=timedelta(minutes=45),
        pause=timedelta(minutes=15),
    )
    assert [(s.strftime("%d %H:%M"), e.strftime("%H:%M")) for s, e in times] == [
        ("05 09:00", "09:45"),
        ("05 10:00", "10:45"),
        ("06 09:00", "09:45"),
        ("06 10:00", "10:45"),
    ]


def test_a_series_is_laid_out_in_paris_time_even_across_the_change_of_hour():
    call = AuditionSlotFactory().call
    # 28 October 2018: Paris goes from UTC+2 to UTC+1 at 3 a.m.
    slots = services.slots_create_series(
        call=call,
        days=[date(2018, 10, 27), date(2018, 10, 28)],
        first=time(9, 0),
        last=time(10, 0),
        duration_minutes=60,
        place="Salle 4",
    )
    assert [s.starts_at.astimezone(PARIS).strftime("%d %H:%M") for s in slots] == [
        "27 09:00",
        "28 09:00",
    ]
    assert [s.starts_at.astimezone(ZoneInfo("UTC")).hour for s in slots] == [7, 8]


def test_a_series_needs_a_place_and_room_for_one_slot():
    call = AuditionSlotFactory().call
    with pytest.raises(services.AuditionError, match="lieu ou un lien"):
        services.slots_create_series(
            call=call, days=[date(2018, 11, 5)], first=time(9), last=time(10), duration_minutes=45
        )
    with pytest.raises(services.AuditionError, match="Aucun créneau ne tient"):
        services.slots_create_series(
            call=call,
            days=[date(2018, 11, 5)],
            first=time(9),
            last=time(9, 30),
            duration_minutes=45,
            video_url="https://visio.example.org/jury",
        )


def test_a_booked_slot_cannot_be_deleted_a_free_one_can():
    audition = AuditionFactory()
    with pytest.raises(services.AuditionError, match="annulez ou déplacez"):
        services.slot_delete(slot=audition.slot)
    free = AuditionSlotFactory(call=audition.slot.call)
    services.slot_delete(slot=free)
    assert not AuditionSlot.objects.filter(pk=free.pk).exists()


def test_moving_a_booked_slot_sends_the_updated_invitation(
    staff, django_capture_on_commit_callbacks
):
    audition = AuditionFactory()
    slot = audition.slot
    services.slot_update(
        slot=slot,
        by=staff,
        starts_at=slot.starts_at + timedelta(hours=1),
        ends_at=slot.ends_at + timedelta(hours=1),
        place=slot.place,
    )
    audition.refresh_from_db()
    assert audition.sequence == 1
    email = Email.objects.get(template="auditions/moved")
    method, event = _event(email)
    assert method == "REQUEST"
    assert event["SEQUENCE"] == 1
    assert event["UID"] == f"audition-{audition.uid}@eig.example.org"


# Invitations and booking ---------------------------------------------------------------


def test_staff_invite_each_preselected_candidate_once(staff):
    slot = AuditionSlotFactory()
    first = preselected_application(call=slot.call)
    second = preselected_application(call=slot.call)
    ApplicationFactory(call=slot.call, submitted=True)  # not pre-selected: not invited

    assert services.invitations_send(call=slot.call, by=staff) == 2
    assert services.invitations_send(call=slot.call, by=staff) == 0

    emails = Email.objects.filter(template="auditions/invitation_to_book")
    assert sorted(e.to for e in emails) == sorted([first.candidate.email, second.candidate.email])
    assert (
        f"{SITE}/espace/candidature/{first.pk}/audition/"
        in emails.get(to=first.candidate.email).body_text
    )


def test_a_candidate_books_a_slot_and_gets_the_invitation_with_its_ics():
    slot = AuditionSlotFactory(place="", video_url="https://visio.example.org/jury-4")
    panel = mixed_panel(slot.call)
    slot.panel.set(panel)
    application = preselected_application(call=slot.call, invited=True)

    audition = services.audition_book(application=application, slot=slot, by=application.candidate)

    application.refresh_from_db()
    assert application.state == S.AUDITION_SCHEDULED
    log = ApplicationTransition.objects.filter(application=application).latest("at")
    assert (log.to_state, log.by) == (S.AUDITION_SCHEDULED, application.candidate)
    email = Email.objects.get(template="auditions/scheduled")
    assert email.to == application.candidate.email
    method, event = _event(email)
    assert method == "REQUEST"
    assert event["UID"] == f"audition-{audition.uid}@eig.example.org"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == slot.starts_at.astimezone(PARIS)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert str(event["LOCATION"]) == "https://visio.example.org/jury-4"
    assert str(event["ATTENDEE"]) == f"mailto:{application.candidate.email}"
    # The e-mail and its .ics link to the application on EIG_SITE_URL.
    assert str(event["URL"]) == f"{SITE}/espace/candidature/{application.pk}/"
    assert f"{SITE}/espace/candidature/{application.pk}/" in email.body_text
    # Each panel member gets theirs.
    panel_mails = Email.objects.filter(template="auditions/panel_invitation")
    assert sorted(m.to for m in panel_mails) == sorted(m.user.email for m in panel)
    assert _event(panel_mails[0])[1]["UID"] == event["UID"]


def test_a_candidate_cannot_book_before_being_invited_nor_a_slot_within_the_notice():
    slot = AuditionSlotFactory()
    application = preselected_application(call=slot.call)
    with pytest.raises(services.AuditionError, match="invitera"):
        services.audition_book(application=application, slot=slot, by=application.candidate)
    services.invitations_send(call=slot.call, by=make_user("staff"))
    soon = AuditionSlotFactory(call=slot.call, starts_at=timezone.now() + timedelta(hours=20))
    with pytest.raises(services.AuditionError, match="moins de 24 heures"):
        services.audition_book(application=application, slot=soon, by=application.candidate)
    application.refresh_from_db()
    assert application.state == S.PRESELECTED


def test_a_slot_goes_to_the_first_who_books_it():
    slot = AuditionSlotFactory()
    first = preselected_application(call=slot.call, invited=True)
    second = preselected_application(call=slot.call, invited=True)
    services.audition_book(application=first, slot=slot, by=first.candidate)

    with pytest.raises(services.AuditionError, match="vient d'être réservé"):
        services.audition_book(application=second, slot=slot, by=second.candidate)
    second.refresh_from_db()
    assert second.state == S.PRESELECTED
    assert selectors.free_slots_for(second, after=timezone.now()) == []


def test_the_database_refuses_two_live_auditions_in_one_slot():
    from django.db import IntegrityError, transaction

    audition = AuditionFactory()
    other = preselected_application(call=audition.slot.call)
    with pytest.raises(IntegrityError), transaction.atomic():
        Audition.objects.create(application=other, slot=audition.slot)


def test_a_slot_whose_panel_is_in_conflict_is_not_offered_to_the_candidate():
    slot = AuditionSlotFactory()
    panel = mixed_panel(slot.call)
    slot.panel.set(panel)
    application = preselected_application(call=slot.call, invited=True)
    ConflictFactory(member=panel[1], application=application)

    assert selectors.free_slots_for(application, after=timezone.now()) == []
    with pytest.raises(services.AuditionError, match="pas disponible pour vous"):
        services.audition_book(application=application, slot=slot, by=application.candidate)


def test_staff_assign_a_slot_to_a_preselected_application(staff):
    slot = AuditionSlotFactory(starts_at=timezone.now() + timedelta(hours=3))
    application = preselected_application(call=slot.call)  # not invited, within the notice
    services.audition_book(application=application, slot=slot, by=staff)
    application.refresh_from_db()
    assert application.state == S.AUDITION_SCHEDULED
    assert application.transitions.latest("at").by == staff


def test_a_candidate_moves_their_audition_same_uid_next_sequence():
    audition = AuditionFactory()
    application = audition.application
    services.invitations_send(call=audition.slot.call, by=make_user("staff"))  # nobody left
    from eig.auditions.models import AuditionInvitation

    AuditionInvitation.objects.create(application=application)
    later = AuditionSlotFactory(
        call=audition.slot.call, starts_at=audition.slot.starts_at + timedelta(days=1)
    )

    moved = services.audition_book(application=application, slot=later, by=application.candidate)

    assert moved.pk == audition.pk
    assert moved.slot == later
    method, event = _event(Email.objects.get(template="auditions/moved"))
    assert (method, event["SEQUENCE"]) == ("REQUEST", 1)
    assert event["UID"] == f"audition-{audition.uid}@eig.example.org"
    assert selectors.free_slots_for(application, after=timezone.now()) == [audition.slot]


def test_within_the_notice_only_staff_move_an_audition(staff):
    slot = AuditionSlotFactory(starts_at=timezone.now() + timedelta(hours=10))
    audition = AuditionFactory(slot=slot)
    from eig.auditions.models import AuditionInvitation

    AuditionInvitation.objects.create(application=audition.application)
    later = AuditionSlotFactory(call=slot.call)
    with pytest.raises(services.AuditionError, match="écrivez à l'équipe"):
        services.audition_reschedule(
            audition=audition, slot=later, by=audition.application.candidate
        )
    services.audition_reschedule(audition=audition, slot=later, by=staff)
    audition.refresh_from_db()
    assert audition.slot == later


def test_staff_cancel_an_audition_everyone_gets_a_cancel(staff):
    slot = AuditionSlotFactory()
    slot.panel.set(mixed_panel(slot.call))
    audition = AuditionFactory(slot=slot)

    services.audition_cancel(audition=audition, by=staff, reason="Jury indisponible")

    audition.refresh_from_db()
    audition.application.refresh_from_db()
    assert audition.state == AuditionState.CANCELLED
    assert audition.application.state == S.PRESELECTED
    method, event = _event(Email.objects.get(template="auditions/cancelled"))
    assert (method, str(event["STATUS"]), event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 1)
    assert "Jury indisponible" in Email.objects.get(template="auditions/cancelled").body_text
    assert Email.objects.filter(template="auditions/panel_cancelled").count() == 2
    # The slot is free again.
    assert list(AuditionSlot.objects.free()) == [slot]
    with pytest.raises(PermissionDenied):
        services.audition_cancel(audition=audition, by=audition.application.candidate)


def test_a_withdrawal_frees_the_slot_and_the_panel_gets_a_cancel(staff):
    slot = AuditionSlotFactory()
    slot.panel.set(mixed_panel(slot.call))
    audition = AuditionFactory(slot=slot)
    application = audition.application

    application_transition(application=application, to=S.WITHDRAWN, by=staff)

    audition.refresh_from_db()
    assert (audition.state, audition.sequence) == (AuditionState.CANCELLED, 1)
    assert list(AuditionSlot.objects.free()) == [slot]
    cancels = Email.objects.filter(template="auditions/panel_cancelled")
    assert cancels.count() == 2
    method, event = _event(cancels.first())
    assert (method, str(event["STATUS"])) == ("CANCEL", "CANCELLED")


# Panels -----------------------------------------------------------------------------------


def test_a_panel_mixes_administration_and_outside_members(staff):
    slot = AuditionSlotFactory()
    outside = [JuryMemberFactory(call=slot.call), JuryMemberFactory(call=slot.call)]
    with pytest.raises(services.AuditionError, match="au moins un membre de l'administration"):
        services.panel_set(slots=[slot], members=outside, by=staff)
    panel = mixed_panel(slot.call)
    services.panel_set(slots=[slot], members=panel, by=staff)
    assert set(slot.panel.all()) == set(panel)


def test_a_panel_has_nobody_in_conflict_with_the_application_auditioned(staff):
    audition = AuditionFactory()
    admin, outside = mixed_panel(audition.slot.call)
    ConflictFactory(member=outside, application=audition.application)
    with pytest.raises(services.AuditionError, match="a déclaré un conflit d'intérêts"):
        services.panel_set(slots=[audition.slot], members=[admin, outside], by=staff)
    assert not audition.slot.panel.exists()


def test_a_panel_has_nobody_from_the_organisation_of_a_chosen_defi(staff):
    audition = AuditionFactory()
    admin, outside = mixed_panel(audition.slot.call)
    choice = audition.application.choices.get()
    choice.challenge.organization = admin.organization
    choice.challenge.save()
    with pytest.raises(services.AuditionError, match="qui porte le défi"):
        services.panel_set(slots=[audition.slot], members=[admin, outside], by=staff)


def test_forming_the_panel_of_a_booked_slot_invites_its_members(staff):
    audition = AuditionFactory()
    panel = mixed_panel(audition.slot.call)
    services.panel_set(slots=[audition.slot], members=panel, by=staff)
    mails = Email.objects.filter(template="auditions/panel_invitation")
    assert sorted(m.to for m in mails) == sorted(m.user.email for m in panel)
    method, _event_ = _event(mails[0])
    assert method == "REQUEST"


# Results -------------------------------------------------------------------------------------


def test_a_panel_member_records_a_held_audition():
    slot = AuditionSlotFactory(past=True)
    panel = mixed_panel(slot.call)
    slot.panel.set(panel)
    audition = AuditionFactory(slot=slot)

    services.audition_record(
        audition=audition,
        by=panel[0].user,
        held=True,
        recommendation="favourable",
        comment="Clair.",
    )

    audition.refresh_from_db()
    audition.application.refresh_from_db()
    assert (audition.state, audition.recommendation) == (AuditionState.HELD, "favourable")
    assert audition.application.state == S.AUDITIONED
    assert audition.application.transitions.latest("at").by == panel[0].user


def test_only_the_panel_or_staff_record_and_not_before_the_audition():
    slot = AuditionSlotFactory()
    slot.panel.set(mixed_panel(slot.call))
    audition = AuditionFactory(slot=slot)
    stranger = JuryMemberFactory(call=slot.call).user
    with pytest.raises(PermissionDenied):
        services.audition_record(
            audition=audition, by=stranger, held=True, recommendation="reserved"
        )
    with pytest.raises(services.AuditionError, match="pas encore commencé"):
        services.audition_record(
            audition=audition, by=make_user("staff"), held=True, recommendation="reserved"
        )


def test_a_no_show_keeps_the_application_scheduled():
    audition = AuditionFactory(slot=AuditionSlotFactory(past=True))
    services.audition_record(audition=audition, by=make_user("staff"), held=False)
    audition.refresh_from_db()
    audition.application.refresh_from_db()
    assert audition.state == AuditionState.NO_SHOW
    assert audition.application.state == S.AUDITION_SCHEDULED


# Decisions ------------------------------------------------------------------------------------


def auditioned(call, **kwargs):
    application = preselected_application(call=call, **kwargs)
    move(application, S.AUDITION_SCHEDULED)
    move(application, S.AUDITIONED)
    return application


def test_decisions_are_recorded_then_announced_once(staff):
    call = AuditionSlotFactory().call
    laureate, waiting, waiting_too, refused = (auditioned(call) for _ in range(4))
    not_preselected = ApplicationFactory(call=call, submitted=True)
    move(not_preselected, S.NOT_PRESELECTED)

    services.decisions_record(applications=[laureate], outcome=S.LAUREATE, by=staff)
    services.decisions_record(applications=[waiting, waiting_too], outcome=S.WAITING_LIST, by=staff)
    services.decisions_record(applications=[refused], outcome=S.REFUSED, by=staff)

    laureate.refresh_from_db()
    assert laureate.state == S.AUDITIONED  # nothing changes before the announcement
    assert not Email.objects.exists()
    assert selectors.announcement_preview(call) == {
        S.LAUREATE: 1,
        S.WAITING_LIST: 2,
        S.REFUSED: 1,
        S.NOT_PRESELECTED: 1,
    }
    assert [d.application for d in selectors.waiting_list(call)] == [waiting, waiting_too]

    sent, refused_list = services.decisions_announce(call=call, by=staff)

    assert (sent, refused_list) == (5, [])
    for application, state, template in [
        (laureate, S.LAUREATE, "decision_laureate"),
        (waiting, S.WAITING_LIST, "decision_waiting_list"),
        (refused, S.REFUSED, "decision_refused"),
        (not_preselected, S.NOT_PRESELECTED, "decision_not_preselected"),
    ]:
        application.refresh_from_db()
        assert application.state == state
        assert Email.objects.get(to=application.candidate.email).template == f"auditions/{template}"
    assert "au rang 2" in Email.objects.get(to=waiting_too.candidate.email).body_text
    assert Decision.objects.filter(announced_at__isnull=False).count() == 5
    # A second click sends nothing.
    assert services.decisions_announce(call=call, by=staff) == (0, [])
    assert selectors.announcement_preview(call) == {}
    assert Email.objects.count() == 5


def test_a_decision_the_workflow_refuses_is_reported(staff):
    call = AuditionSlotFactory().call
    scheduled = preselected_application(call=call)
    recorded, refused = services.decisions_record(
        applications=[scheduled], outcome=S.LAUREATE, by=staff
    )
    assert recorded == 0
    assert "n'est pas possible" in refused[0][1]


def test_the_waiting_list_is_reordered(staff):
    call = AuditionSlotFactory().call
    apps = [auditioned(call) for _ in range(3)]
    services.decisions_record(applications=apps, outcome=S.WAITING_LIST, by=staff)
    services.waiting_list_move(decision=apps[2].decision, position=1, by=staff)
    assert [d.application for d in selectors.waiting_list(call)] == [apps[2], apps[0], apps[1]]
    assert [d.position for d in selectors.waiting_list(call)] == [1, 2, 3]


def test_a_laureate_declines_and_staff_call_the_next_same_profile_first(staff):
    call = AuditionSlotFactory().call
    challenge = ChallengeFactory(cohort=call.cohort)
    other_challenge = ChallengeFactory(cohort=call.cohort)

    def with_choice(profile, chosen):
        application = auditioned(call, profile=profile)
        application.choices.all().delete()
        ApplicationChoiceFactory(application=application, challenge=chosen)
        return application

    laureate = with_choice(Profile.DESIGNER, challenge)
    first_developer = with_choice(Profile.DEVELOPER, challenge)
    other_defi_designer = with_choice(Profile.DESIGNER, other_challenge)
    designer = with_choice(Profile.DESIGNER, challenge)
    services.decisions_record(applications=[laureate], outcome=S.LAUREATE, by=staff)
    services.decisions_record(
        applications=[first_developer, other_defi_designer, designer],
        outcome=S.WAITING_LIST,
        by=staff,
    )
    services.decisions_announce(call=call, by=staff)

    services.laureate_decline(application=laureate, by=laureate.candidate)
    laureate.refresh_from_db()
    assert laureate.state == S.DECLINED
    [section] = [s for s in selectors.decision_screen(call) if s.challenge == challenge]
    assert (section.to_replace, section.next_candidate) == (laureate, designer)

    called = services.waiting_list_call_next(call=call, challenge=challenge, by=staff)

    assert called == designer
    designer.refresh_from_db()
    assert designer.state == S.LAUREATE
    assert designer.decision.replaces == laureate
    laureate_mails = Email.objects.filter(to=designer.candidate.email).order_by("pk")
    assert [m.template for m in laureate_mails] == [
        "auditions/decision_waiting_list",
        "auditions/decision_laureate",
    ]
    # The place is filled: no second call for it.
    with pytest.raises(services.AuditionError, match="Aucun désistement"):
        services.waiting_list_call_next(call=call, challenge=challenge, by=staff)
    [section] = [s for s in selectors.decision_screen(call) if s.challenge == challenge]
    assert section.to_replace is None


def test_datetime_helper_is_paris_wall_clock():
    assert services.paris_aware(date(2018, 11, 5), time(9, 0)) == datetime(
        2018, 11, 5, 8, 0, tzinfo=ZoneInfo("UTC")
    )
