"""The e-mails of an audition to its candidate and its panel, each with its `.ics`."""

from django.utils import translation

from eig.auditions import ics
from eig.auditions.models import Audition, AuditionSlot
from eig.auditions.services.common import _name
from eig.core.dates import paris_datetime, paris_time
from eig.core.links import absolute_url
from eig.mail.services import mail_send
from eig.selection.models import JuryMember


def _panel(slot: AuditionSlot) -> list[JuryMember]:
    return list(slot.panel.select_related("user", "organization"))


def _notify(audition, template, method, *, panel):
    """The candidate and the panel members each get the e-mail and their .ics."""
    application = audition.application
    context = _mail_context(audition)
    context["url"] = absolute_url("applications:detail", pk=application.pk)
    mail_send(
        to=application.candidate.email,
        template=template,
        context=context,
        attachments=[
            ics.ics_attachment(
                audition,
                method=method,
                attendees=[application.candidate.email],
                url=context["url"],
            )
        ],
    )
    panel_template = {
        "auditions/cancelled": "auditions/panel_cancelled",
    }.get(template, "auditions/panel_invitation")
    for member in panel:
        _notify_member(audition, member, panel_template, method)


def _notify_member(audition, member: JuryMember, template, method):
    context = _mail_context(audition)
    context["member"] = member.user.get_short_name() or member.user.email
    context["url"] = absolute_url("auditions:panel_detail", pk=audition.pk)
    mail_send(
        to=member.user.email,
        template=template,
        context=context,
        attachments=[
            ics.ics_attachment(
                audition,
                method=method,
                attendees=[member.user.email],
                for_panel=True,
                url=context["url"],
            )
        ],
    )


def _mail_context(audition: Audition) -> dict:
    slot = audition.slot
    with translation.override("fr"):
        return {
            "name": _name(audition.application),
            "candidate": str(audition.application),
            "call": audition.application.call.title,
            "starts_at": paris_datetime(slot.starts_at),
            "ends_at": paris_time(slot.ends_at),
            "place": slot.place,
            "video_url": slot.video_url,
            "sequence": audition.sequence,
            "reason": audition.cancel_reason,
        }
