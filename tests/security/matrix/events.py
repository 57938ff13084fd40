"""Events: public pages and registration (by e-mail tokens), the programme
team's lists of attendees."""

from eig.events.services import cancel_token, confirm_token
from tests.factories import EventFactory
from tests.factories_cohort_life import RegistrationFactory, WebinarFactory
from tests.security.matrix import Row, everyone, logged_in, private

STAFF_GET = private(staff=200)


def extend_world(world):
    world.webinar = WebinarFactory(capacity=50)
    world.registration = RegistrationFactory(event=world.webinar)
    world.pending_registration = RegistrationFactory(event=world.webinar, pending=True)
    world.event = EventFactory()


def webinar_slug(w):
    return {"slug": w.webinar.slug}


def webinar_pk(w):
    return {"pk": w.webinar.pk}


ROWS = {
    "events:list": Row(everyone(200)),
    "events:detail": Row(everyone(200), kwargs=webinar_slug),
    "events:register": Row(
        everyone(302),
        "post",
        kwargs=webinar_slug,
        data={"name": "Camille", "email": "camille@exemple.fr"},
    ),
    "events:registration_confirm": Row(
        everyone(200), kwargs=lambda w: {"token": confirm_token(w.pending_registration)}
    ),
    "events:registration_cancel": Row(
        everyone(200), kwargs=lambda w: {"token": cancel_token(w.registration)}
    ),
    "events:unregister": Row(logged_in(302), "post", kwargs=webinar_slug),
    "events:staff_list": Row(STAFF_GET),
    "events:staff_create": Row(STAFF_GET),
    "events:staff_edit": Row(STAFF_GET, kwargs=lambda w: {"pk": w.event.pk}),
    "events:staff_attendees": Row(STAFF_GET, kwargs=webinar_pk),
    "events:staff_attendees_csv": Row(STAFF_GET, kwargs=webinar_pk),
    "events:staff_registration_cancel": Row(
        private(staff=302),
        "post",
        kwargs=lambda w: {"pk": w.webinar.pk, "registration_pk": w.registration.pk},
    ),
}
