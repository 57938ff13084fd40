"""Finding 6 of the outside test: the anonymous registration form relayed mail.

Anyone could make the platform send its e-mail, carrying their own text (the
"name" typed), to any address, ten in two seconds. Now the form is limited per
client and per recipient (a French 429 with the form as typed), and a mail to
an address not yet confirmed carries nothing the sender typed.
"""

import html

import pytest

from eig.accounts.models import Role
from eig.events.models import Registration, RegistrationStatus
from eig.mail.models import Email
from tests.accounts.factories import make_user
from tests.factories_cohort_life import RegistrationFactory, WebinarFactory

pytestmark = pytest.mark.django_db

SPAM = "Gagnez 1000 euros sur http://arnaque.example"


def _register(client, event, email, name=SPAM, ip="198.51.100.7"):
    return client.post(
        f"/evenements/{event.slug}/inscription/",
        {"name": name, "email": email},
        REMOTE_ADDR=ip,
    )


def test_ten_registrations_to_one_address_are_refused_past_the_recipient_limit(client, settings):
    settings.EIG_RATE_LIMITS = {"event_registration": {"ip": (100, 3600), "account": (3, 3600)}}
    events = [WebinarFactory() for _ in range(10)]

    answers = [
        _register(client, event, "victime@exemple.fr", ip=f"198.51.100.{n}")
        for n, event in enumerate(events)
    ]

    assert [answer.status_code for answer in answers] == [302] * 3 + [429] * 7
    assert Email.objects.filter(to="victime@exemple.fr").count() == 3
    refused = answers[-1]
    page = html.unescape(refused.content.decode())
    assert "Trop de demandes d'inscription" in page
    assert "Réessayez dans 60 minute(s)" in page
    assert int(refused["Retry-After"]) > 0
    # Nothing typed is lost: the form comes back filled in.
    assert 'value="victime@exemple.fr"' in page
    assert SPAM in page


def test_one_client_cannot_mail_many_addresses(client, settings):
    settings.EIG_RATE_LIMITS = {"event_registration": {"ip": (3, 3600), "account": (100, 3600)}}
    event = WebinarFactory()

    answers = [_register(client, event, f"cible{n}@exemple.fr") for n in range(10)]

    assert [answer.status_code for answer in answers] == [302] * 3 + [429] * 7
    assert Email.objects.count() == 3
    assert Registration.objects.count() == 3
    # Another client is not concerned.
    assert _register(client, event, "autre@exemple.fr", ip="203.0.113.9").status_code == 302


def test_the_default_limits_stop_a_burst_to_one_address(client):
    events = [WebinarFactory() for _ in range(10)]

    answers = [_register(client, event, "victime@exemple.fr") for event in events]

    assert answers[-1].status_code == 429
    assert Email.objects.filter(to="victime@exemple.fr").count() < 10


def test_the_mail_to_an_unconfirmed_address_carries_nothing_typed(client):
    event = WebinarFactory()

    assert _register(client, event, "victime@exemple.fr").status_code == 302

    mail = Email.objects.get(to="victime@exemple.fr")
    assert "/evenements/inscription/confirmer/" in mail.body_text
    for part in (mail.subject, mail.body_text, mail.body_html, str(mail.context)):
        assert "arnaque" not in part
        assert "Gagnez" not in part


def test_a_pending_registration_cancelled_by_the_team_is_told_without_the_name(client):
    registration = RegistrationFactory(pending=True, name=SPAM, email="victime@exemple.fr")
    client.force_login(make_user(Role.STAFF))

    answer = client.post(
        f"/gestion/evenements/{registration.event.pk}/inscrits/{registration.pk}/annuler/"
    )

    assert answer.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    mail = Email.objects.get(to="victime@exemple.fr")
    assert "arnaque" not in mail.body_text + mail.body_html + str(mail.context)


def test_once_confirmed_the_person_is_greeted_by_name(client):
    event = WebinarFactory()
    _register(client, event, "camille@exemple.fr", name="Camille Martin")
    body = Email.objects.get(to="camille@exemple.fr").body_text
    start = body.index("/evenements/inscription/confirmer/")
    client.post(body[start : body.index("\n", start)])

    confirmed = Email.objects.filter(to="camille@exemple.fr").order_by("-pk").first()
    assert confirmed.template == "events/registration_confirmed"
    assert "Bonjour Camille Martin," in confirmed.body_text
