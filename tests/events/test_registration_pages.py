"""Registration as a visitor sees it, and the team's attendee lists."""

import csv
import datetime
import html
import io

import pytest
from django.utils import timezone

from eig.accounts.models import Role
from eig.events import services
from eig.events.models import Registration, RegistrationStatus
from eig.mail.models import Email
from tests.accounts.factories import make_user
from tests.factories_cohort_life import RegistrationFactory, WebinarFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The page as a reader sees it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def _link(email_address: str, kind: str) -> str:
    """The confirmation or cancellation link of the last mail to an address."""
    body = Email.objects.filter(to=email_address).order_by("-pk").first().body_text
    marker = f"/evenements/inscription/{kind}/"
    start = body.index(marker)
    return body[start : body.index("\n", start)]


def test_a_visitor_registers_then_confirms_from_the_mail(client, outbox):
    event = WebinarFactory(capacity=2)

    page = _text(client.get(event.get_absolute_url()))
    with outbox.capture():
        posted = client.post(
            f"/evenements/{event.slug}/inscription/",
            {"name": "Camille Martin", "email": "camille@exemple.fr"},
            follow=True,
        )
    confirm_url = _link("camille@exemple.fr", "confirmer")
    asked = client.get(confirm_url)
    with outbox.capture():
        confirmed = client.post(confirm_url)

    assert "2 places libres" in page
    assert "M'inscrire" in page
    assert "Un message a été envoyé à camille@exemple.fr" in _text(posted)
    assert "Confirmer mon inscription" in _text(asked)
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert "Votre inscription est confirmée" in _text(confirmed)
    assert outbox.messages[-1].attachments[0][2] == "text/calendar"


def test_the_mails_of_a_registration_link_to_eig_site_url_not_to_the_requests_host(
    client, outbox, settings
):
    settings.EIG_SITE_URL = "https://eig.exemple.gouv.fr"
    event = WebinarFactory(capacity=2)
    with outbox.capture():
        client.post(  # the test client asks http://testserver
            f"/evenements/{event.slug}/inscription/",
            {"name": "Camille Martin", "email": "camille@exemple.fr"},
        )
    confirm_path = _link("camille@exemple.fr", "confirmer")
    body = Email.objects.get(to="camille@exemple.fr").body_text
    assert f"https://eig.exemple.gouv.fr{confirm_path}" in body
    assert "testserver" not in body
    with outbox.capture():
        client.post(confirm_path)
    message = outbox.messages[-1]
    assert f"https://eig.exemple.gouv.fr/evenements/{event.slug}/" in message.body
    calendar = message.attachments[0][1]
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "@eig.exemple.gouv.fr" in calendar and "testserver" not in calendar


def test_following_the_confirmation_link_twice_changes_nothing(client):
    event = WebinarFactory(capacity=1)
    client.post(
        f"/evenements/{event.slug}/inscription/",
        {"name": "Camille Martin", "email": "camille@exemple.fr"},
    )
    confirm_url = _link("camille@exemple.fr", "confirmer")
    client.post(confirm_url)
    mails = Email.objects.count()

    client.post(confirm_url)

    assert Email.objects.count() == mails
    assert Registration.objects.get().position == 1


def test_a_logged_in_person_is_placed_at_once_and_can_cancel(client):
    event = WebinarFactory(capacity=1)
    user = make_user(Role.CANDIDATE, email="dominique@exemple.fr")
    waiting = RegistrationFactory(event=event, waiting=True, position=50)
    client.force_login(user)

    client.post(
        f"/evenements/{event.slug}/inscription/",
        {"name": "Dominique Martin", "email": "dominique@exemple.fr"},
    )
    page = _text(client.get(event.get_absolute_url()))
    client.post(f"/evenements/{event.slug}/desinscription/")

    assert "Vous êtes inscrit·e" in page
    assert "Annuler mon inscription" in page
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "dominique@exemple.fr": RegistrationStatus.CANCELLED,
        waiting.email: RegistrationStatus.CONFIRMED,
    }


def test_a_full_event_offers_the_waiting_list_and_tells_the_rank(client):
    event = WebinarFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, waiting=True)
    user = make_user(Role.FELLOW, email="ada@exemple.fr")
    client.force_login(user)

    before = _text(client.get(event.get_absolute_url()))
    after = _text(
        client.post(
            f"/evenements/{event.slug}/inscription/",
            {"name": "Ada", "email": "ada@exemple.fr"},
            follow=True,
        )
    )

    assert "1 — complet" in before
    assert "M'inscrire sur la liste d'attente" in before
    assert "liste d'attente, au rang 2" in after


def test_the_cancellation_link_asks_before_cancelling(client):
    registration = RegistrationFactory()
    url = f"/evenements/inscription/annuler/{services.cancel_token(registration)}/"

    asked = client.get(url)
    registration.refresh_from_db()
    status_after_get = registration.status
    client.post(url)
    registration.refresh_from_db()

    assert "Annuler mon inscription" in _text(asked)
    assert status_after_get == RegistrationStatus.CONFIRMED
    assert registration.status == RegistrationStatus.CANCELLED


def test_a_forged_link_is_refused(client):
    response = client.get("/evenements/inscription/annuler/pas-un-jeton/")

    assert response.status_code == 400
    assert "n'est pas valide" in _text(response)


def test_registration_is_closed_once_the_event_has_started(client):
    event = WebinarFactory(starts_at=timezone.now() - datetime.timedelta(minutes=1))

    page = _text(client.get(event.get_absolute_url()))
    posted = _text(
        client.post(
            f"/evenements/{event.slug}/inscription/",
            {"name": "Camille", "email": "camille@exemple.fr"},
            follow=True,
        )
    )

    assert "Les inscriptions sont closes" in page
    assert 'action="/evenements/' not in page
    assert "l'événement a commencé" in posted
    assert not Registration.objects.exists()


def test_a_bad_address_is_refused_with_the_form(client):
    event = WebinarFactory()

    response = client.post(
        f"/evenements/{event.slug}/inscription/", {"name": "Camille", "email": "pas-une-adresse"}
    )

    assert response.status_code == 400
    assert "adresse de courriel valide" in _text(response)
    assert not Registration.objects.exists()


def test_an_event_without_platform_registration_shows_no_form(client):
    event = WebinarFactory(registration_enabled=False)

    page = _text(client.get(event.get_absolute_url()))

    assert f"/evenements/{event.slug}/inscription/" not in page


def test_the_event_page_runs_a_bounded_number_of_queries(client, bounded_get):
    event = WebinarFactory(capacity=100)
    RegistrationFactory.create_batch(20, event=event)
    user = make_user(Role.CANDIDATE)
    client.force_login(user)

    bounded_get(client, event.get_absolute_url(), queries=12, contains=event.title)


# The team ---------------------------------------------------------------------------------


def test_the_team_sees_the_attendees_in_order_and_downloads_them(
    client, django_assert_max_num_queries
):
    event = WebinarFactory(capacity=2)
    confirmed = [RegistrationFactory(event=event, name=f"Inscrit {n}") for n in range(2)]
    waiting = RegistrationFactory(event=event, waiting=True, name="En attente")
    RegistrationFactory(event=event, pending=True, name="À confirmer")
    RegistrationFactory(event=event, cancelled=True, name="Annulé")
    client.force_login(make_user(Role.STAFF))

    with django_assert_max_num_queries(10):
        page = _text(client.get(f"/gestion/evenements/{event.pk}/inscrits/"))
    response = client.get(f"/gestion/evenements/{event.pk}/inscrits.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert "2 inscrit·es / 2 places" in page
    assert page.index("Inscrit 0") < page.index("Inscrit 1") < page.index("En attente")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:4] == ["rang", "etat", "nom", "email"]
    assert [row[2] for row in rows[1:]] == [
        "Inscrit 0",
        "Inscrit 1",
        "En attente",
        "À confirmer",
        "Annulé",
    ]
    assert rows[1][3] == confirmed[0].email
    assert rows[3][1] == RegistrationStatus.WAITING
    assert waiting.email in page


def test_the_team_cancels_a_registration_and_the_waiting_list_moves_up(client):
    event = WebinarFactory(capacity=1)
    first = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, waiting=True)
    client.force_login(make_user(Role.STAFF))

    client.post(f"/gestion/evenements/{event.pk}/inscrits/{first.pk}/annuler/")

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert Email.objects.filter(to=waiting.email, template="events/registration_promoted").exists()


def test_places_added_by_the_team_go_to_the_waiting_list(client):
    event = WebinarFactory(capacity=1, title="Webinaire EIG 4")
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, waiting=True)
    client.force_login(make_user(Role.STAFF))
    starts = timezone.localtime(event.starts_at)

    response = client.post(
        f"/gestion/evenements/{event.pk}/",
        {
            "title": event.title,
            "kind": event.kind,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M:%S"),
            "capacity": 2,
            "registration_enabled": "on",
            "is_published": "on",
        },
    )

    waiting.refresh_from_db()
    assert response.status_code == 302
    assert waiting.status == RegistrationStatus.CONFIRMED
    event.refresh_from_db()
    assert event.starts_at == starts.replace(microsecond=0)


def test_registration_needs_a_published_event(client):
    client.force_login(make_user(Role.STAFF))
    starts = timezone.localtime() + datetime.timedelta(days=2)

    response = client.post(
        "/gestion/evenements/nouveau/",
        {
            "title": "Session interne",
            "kind": "webinar",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "registration_enabled": "on",
        },
    )

    assert response.status_code == 200
    assert "Seul un événement publié" in _text(response)
