"""Factories for auditions.

AuditionSlotFactory(call=…)                      a slot in ten days, 45 minutes, in a room
AuditionSlotFactory(call=…, past=True)           a slot that has started already
preselected_application(call=…, invited=True)    pre-selected (and invited to book)
mixed_panel(call)                                [administration member, outside member]
AuditionFactory(application=…, slot=…)           scheduled (the application moved along)
"""

from datetime import timedelta

import factory
from django.utils import timezone

from eig.applications.models import ApplicationState, ApplicationTransition
from eig.auditions.models import Audition, AuditionInvitation, AuditionSlot
from tests.applications.factories import ApplicationFactory
from tests.factories import ApplicationCallFactory
from tests.selection.factories import JuryMemberFactory


class AuditionSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditionSlot
        skip_postgeneration_save = True

    call = factory.SubFactory(ApplicationCallFactory, closed=True)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=45))
    place = "DINSIC, 20 avenue de Ségur, Paris — salle 4"

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
        )

    @factory.post_generation
    def panel(self, create, extracted, **kwargs):
        if create and extracted:
            self.panel.set(extracted)


def move(application, state, by=None):
    ApplicationTransition.objects.create(
        application=application, from_state=application.state, to_state=state, by=by
    )
    application.state = state
    application.save(update_fields=["state"])
    return application


def preselected_application(*, invited=False, **kwargs):
    application = ApplicationFactory(submitted=True, **kwargs)
    move(application, ApplicationState.PRESELECTED)
    if invited:
        AuditionInvitation.objects.create(application=application)
    return application


def mixed_panel(call):
    return [JuryMemberFactory(call=call, administration=True), JuryMemberFactory(call=call)]


class AuditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audition

    application = factory.LazyAttribute(lambda o: preselected_application(call=o.slot.call))
    slot = factory.SubFactory(AuditionSlotFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        audition = super()._create(model_class, *args, **kwargs)
        if audition.application.state == ApplicationState.PRESELECTED:
            move(audition.application, ApplicationState.AUDITION_SCHEDULED)
        return audition
