"""The panels: set on slots, checked for their mix, withdrawn from a conflict of interest."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.models import Application
from eig.auditions import ics
from eig.auditions.models import Audition, AuditionSlot, AuditionState
from eig.auditions.selectors import panel_problems
from eig.auditions.services.common import AuditionError
from eig.auditions.services.mails import _mail_context, _notify_member, _panel
from eig.core.links import absolute_url
from eig.mail.services import mail_send
from eig.selection.models import JuryMember, MemberKind


@transaction.atomic
def panel_set(*, slots: list[AuditionSlot], members: list[JuryMember], by: User) -> None:
    """Give each slot this panel: at least one administration member and one
    outside member, all of the call's jury, none with a conflict of interest
    with the application booked in the slot (declared, or through the
    organisation of a défi it chose). All or nothing."""
    if not by.is_staff:
        raise PermissionDenied
    if not slots:
        raise AuditionError(_("Choisissez au moins un créneau."))
    kinds = {member.kind for member in members}
    if MemberKind.ADMINISTRATION not in kinds or MemberKind.OUTSIDE not in kinds:
        raise AuditionError(
            _(
                "Un jury d'audition réunit au moins un membre de l'administration et une "
                "personnalité extérieure."
            )
        )
    calls = {slot.call_id for slot in slots}
    if len(calls) != 1 or any(member.call_id not in calls for member in members):
        raise AuditionError(_("Choisissez des membres du jury de cet appel."))
    locked = list(
        AuditionSlot.objects.select_for_update().filter(pk__in=[s.pk for s in slots]).order_by("pk")
    )
    problems = panel_problems(locked, members)
    if problems:
        raise AuditionError(" ".join(problems))
    for slot in locked:
        before = {member.pk: member for member in _panel(slot)}
        slot.panel.set(members)
        audition = slot.auditions.filter(state=AuditionState.SCHEDULED).first()
        if audition is None:
            continue
        audition.slot = slot
        added = [m for m in members if m.pk not in before]
        removed = [m for pk, m in before.items() if pk not in {m.pk for m in members}]
        for member in added:
            _notify_member(audition, member, "auditions/panel_invitation", ics.REQUEST)
        for member in removed:
            _notify_member(audition, member, "auditions/panel_cancelled", ics.CANCEL)


def panel_withdraw_in_conflict(
    *, member: JuryMember, application: Application
) -> list[AuditionSlot]:
    """A member who declared a conflict with `application` leaves the panel of
    each slot where its audition is programmed: they get the cancellation
    (.ics), the team is told (the panel may now lack a member of each kind),
    and `panel_set` will refuse to put them back. Returns the slots left."""
    auditions = list(
        Audition.objects.filter(
            application=application, state=AuditionState.SCHEDULED, slot__panel=member
        ).select_related("slot", "application__call__cohort__programme", "application__candidate")
    )
    from eig.applications.selectors import team_addresses

    for audition in auditions:
        slot = AuditionSlot.objects.select_for_update().get(pk=audition.slot_id)
        slot.panel.remove(member)
        audition.slot = slot
        _notify_member(audition, member, "auditions/panel_cancelled", ics.CANCEL)
        left = _panel(slot)
        kinds = {m.kind for m in left}
        context = _mail_context(audition)
        context.update(
            {
                "member": str(member.user),
                "panel": ", ".join(str(m.user) for m in left),
                "incomplete": not {MemberKind.ADMINISTRATION, MemberKind.OUTSIDE} <= kinds,
                "url": absolute_url("auditions:staff_panel", call_pk=slot.call_id)
                + f"?creneau={slot.pk}",
            }
        )
        for address in team_addresses(application.call):
            mail_send(to=address, template="auditions/panel_member_withdrawn", context=context)
    return [audition.slot for audition in auditions]
