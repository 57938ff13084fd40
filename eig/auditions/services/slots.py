"""The audition slots: created one by one or in series, updated, deleted."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.applications.models import ApplicationCall
from eig.auditions import ics, schedule
from eig.auditions.models import LIVE_STATES, AuditionSlot, AuditionState
from eig.auditions.services.common import AuditionError
from eig.auditions.services.mails import _notify, _panel
from eig.core.dates import PARIS


def _check_slot_fields(starts_at: datetime, ends_at: datetime, place: str, video_url: str):
    if ends_at <= starts_at:
        raise AuditionError(_("La fin du créneau doit suivre son début."))
    if not place.strip() and not video_url.strip():
        raise AuditionError(_("Indiquez un lieu ou un lien de visioconférence."))


def slot_create(
    *,
    call: ApplicationCall,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
) -> AuditionSlot:
    _check_slot_fields(starts_at, ends_at, place, video_url)
    return AuditionSlot.objects.create(
        call=call, starts_at=starts_at, ends_at=ends_at, place=place.strip(), video_url=video_url
    )


def paris_aware(day: date, at: time | datetime) -> datetime:
    """A wall-clock time in Paris as an aware datetime (right on DST days)."""
    if isinstance(at, datetime):
        return at.replace(tzinfo=PARIS)
    return datetime.combine(day, at, tzinfo=PARIS)


@transaction.atomic
def slots_create_series(
    *,
    call: ApplicationCall,
    days: list[date],
    first: time,
    last: time,
    duration_minutes: int,
    pause_minutes: int = 0,
    place: str = "",
    video_url: str = "",
) -> list[AuditionSlot]:
    """Slots one after the other on each day, from `first` until `last` (Paris time)."""
    if not place.strip() and not video_url.strip():
        raise AuditionError(_("Indiquez un lieu ou un lien de visioconférence."))
    try:
        times = schedule.series_times(
            days=days,
            first=first,
            last=last,
            duration=timedelta(minutes=duration_minutes),
            pause=timedelta(minutes=pause_minutes),
        )
    except schedule.SeriesError as error:
        messages = {
            "duration": _("La durée d'un créneau doit être positive."),
            "pause": _("La pause ne peut pas être négative."),
            "last": _("L'heure de fin doit suivre l'heure du premier créneau."),
            "too_many": _("Cette série ferait plus de %(n)d créneaux : réduisez-la.")
            % {"n": schedule.MAX_SLOTS},
        }
        raise AuditionError(messages[str(error)]) from error
    if not times:
        raise AuditionError(
            _(
                "Aucun créneau ne tient entre ces heures : allongez la plage ou "
                "raccourcissez la durée."
            )
        )
    return AuditionSlot.objects.bulk_create(
        AuditionSlot(
            call=call,
            starts_at=start.replace(tzinfo=PARIS),
            ends_at=end.replace(tzinfo=PARIS),
            place=place.strip(),
            video_url=video_url,
        )
        for start, end in times
    )


def slot_update(
    *,
    slot: AuditionSlot,
    by: User,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_url: str = "",
) -> AuditionSlot:
    """Change a slot; its booked audition (if any) is updated in everyone's calendar."""
    _check_slot_fields(starts_at, ends_at, place, video_url)
    with transaction.atomic():
        locked = AuditionSlot.objects.select_for_update().get(pk=slot.pk)
        changed = (locked.starts_at, locked.ends_at, locked.place, locked.video_url) != (
            starts_at,
            ends_at,
            place.strip(),
            video_url,
        )
        locked.starts_at, locked.ends_at = starts_at, ends_at
        locked.place, locked.video_url = place.strip(), video_url
        locked.save()
        audition = locked.auditions.filter(state=AuditionState.SCHEDULED).first()
        if changed and audition is not None:
            audition.sequence += 1
            audition.save(update_fields=["sequence", "updated_at"])
            audition.slot = locked
            _notify(audition, "auditions/moved", ics.REQUEST, panel=_panel(locked))
    return locked


@transaction.atomic
def slot_delete(*, slot: AuditionSlot) -> None:
    """Delete a free slot (with the cancelled auditions it kept)."""
    locked = AuditionSlot.objects.select_for_update().get(pk=slot.pk)
    if locked.auditions.filter(state__in=LIVE_STATES).exists():
        raise AuditionError(
            _("Ce créneau est réservé : annulez ou déplacez l'audition avant de le supprimer.")
        )
    locked.auditions.all().delete()
    locked.delete()
