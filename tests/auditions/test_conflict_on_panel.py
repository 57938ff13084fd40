"""Issue 17, finding 1: a jury member in conflict with an application, or no
longer on the jury, loses the audition of that application (page, .ics,
result), is taken off a panel already formed (staff told), and cannot be put
back on it."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.applications.models import ApplicationState as S
from eig.auditions import services
from eig.auditions.models import Audition, AuditionState
from eig.selection.services import conflict_declare
from tests.accounts.factories import make_user
from tests.auditions.factories import AuditionFactory, AuditionSlotFactory, mixed_panel
from tests.factories import ApplicationCallFactory
from tests.selection.factories import ConflictFactory, JuryMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def formed():
    """A past audition (its result can be recorded) before a formed panel."""
    call = ApplicationCallFactory(closed=True)
    admin, outside = mixed_panel(call)
    member = JuryMemberFactory(call=call)
    slot = AuditionSlotFactory(call=call, past=True, panel=[admin, outside, member])
    audition = AuditionFactory(slot=slot)
    return audition, member


PAGES = ["auditions:panel_detail", "auditions:panel_ics"]


def _pages(client, audition):
    return [client.get(reverse(name, args=[audition.pk])).status_code for name in PAGES]


def test_a_member_on_the_panel_reaches_the_audition(client, formed):
    audition, member = formed
    client.force_login(member.user)
    assert _pages(client, audition) == [200, 200]


def test_a_conflict_declared_after_the_panel_was_formed_closes_the_audition(client, formed):
    """The conflict row alone (as if recorded by any path) is enough."""
    audition, member = formed
    ConflictFactory(member=member, application=audition.application)
    client.force_login(member.user)

    assert _pages(client, audition) == [404, 404]
    response = client.post(
        reverse("auditions:panel_detail", args=[audition.pk]),
        {"outcome": "held", "recommendation": "unfavourable", "comment": ""},
    )
    assert response.status_code == 404
    audition.refresh_from_db()
    assert audition.state == AuditionState.SCHEDULED
    assert audition.application.state == S.AUDITION_SCHEDULED
    assert audition not in Audition.objects.for_panel_member(member.user)


def test_the_service_refuses_a_result_from_a_member_in_conflict(formed):
    audition, member = formed
    ConflictFactory(member=member, application=audition.application)
    assert not services.is_panel_member(audition, member.user)
    with pytest.raises(services.PermissionDenied):
        services.audition_record(
            audition=audition, by=member.user, held=True, recommendation="unfavourable"
        )
    audition.refresh_from_db()
    assert audition.state == AuditionState.SCHEDULED


def test_a_deactivated_membership_closes_the_audition(client, formed):
    audition, member = formed
    member.is_active = False
    member.save(update_fields=["is_active"])
    client.force_login(member.user)

    assert _pages(client, audition) == [404, 404]
    assert not services.is_panel_member(audition, member.user)
    with pytest.raises(services.PermissionDenied):
        services.audition_record(audition=audition, by=member.user, held=False)


def test_declaring_a_conflict_takes_the_member_off_the_panel_and_tells_staff(outbox, formed):
    audition, member = formed
    programme = audition.application.call.cohort.programme
    programme.contact_email = "equipe@eig.gouv.fr"
    programme.save(update_fields=["contact_email"])
    with outbox.capture():
        conflict_declare(
            member=member,
            application=audition.application,
            reason="Ancien collègue",
            by=member.user,
        )

    assert member not in audition.slot.panel.all()
    assert audition.slot.panel.count() == 2
    sent = {(m.to[0], m.subject) for m in outbox.messages}
    assert any(to == member.user.email and "annulée" in subject for to, subject in sent), sent
    staff_mail = [m for m in outbox.messages if m.to == ["equipe@eig.gouv.fr"]]
    assert len(staff_mail) == 1
    assert "conflit d'intérêts" in staff_mail[0].body
    assert str(member.user) in staff_mail[0].body
    # No copy of the reason typed by the member in the e-mail (audit/erasure hygiene).
    assert "Ancien collègue" not in staff_mail[0].body


def test_a_member_in_conflict_cannot_be_put_back_on_the_panel(formed):
    audition, member = formed
    conflict_declare(
        member=member, application=audition.application, reason="Ancien collègue", by=member.user
    )
    staff = make_user(Role.STAFF)
    panel = list(audition.slot.panel.all())
    with pytest.raises(services.AuditionError):
        services.panel_set(slots=[audition.slot], members=[*panel, member], by=staff)
    assert member not in audition.slot.panel.all()
