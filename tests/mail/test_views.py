"""/gestion/courriels/: every recorded e-mail, readable by the programme team."""

import re

import pytest
from django.utils import timezone

from eig.accounts.models import Role
from eig.mail.models import Email, EmailState
from eig.mail.services import mail_send
from tests.accounts.factories import make_user

pytestmark = pytest.mark.django_db

ICS = "BEGIN:VCALENDAR\r\nSUMMARY:Rencontre\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def staff(client):
    client.force_login(make_user(Role.STAFF))
    return client


def _email(**kwargs):
    defaults = {"to": "a@exemple.fr", "subject": "Objet", "template": "t", "body_text": "b"}
    return Email.objects.create(**{**defaults, **kwargs})


def test_the_list_shows_subject_recipient_date_and_state_of_a_sent_mail(staff, outbox):
    with outbox.capture():
        email = mail_send(
            to="camille@exemple.gouv.fr",
            template="confirm_email",
            context={"name": "Camille", "url": "https://exemple.gouv.fr/lien", "days": 3},
        )

    response = staff.get("/gestion/courriels/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "camille@exemple.gouv.fr" in page
    assert f'href="/gestion/courriels/{email.pk}/"' in page
    assert "Confirmez votre adresse e-mail — programme EIG" in page
    assert "Envoyé" in page
    assert timezone.localtime(email.created_at).strftime("%Y") in page


def test_search_by_recipient(staff):
    _email(to="ines.martin@exemple.fr", subject="Pour Inès")
    _email(to="paul@exemple.fr", subject="Pour Paul")

    response = staff.get("/gestion/courriels/", {"destinataire": "INES"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pour Inès" in page
    assert "Pour Paul" not in page
    assert 'value="INES"' in page


def test_the_list_is_paginated_and_pages_keep_the_search(staff):
    for n in range(51):
        _email(to=f"p{n}@exemple.fr", subject=f"Courriel {n:02d}")
    _email(to="autre@ailleurs.fr", subject="Autre")

    first = staff.get("/gestion/courriels/", {"destinataire": "exemple.fr"})
    second = staff.get("/gestion/courriels/", {"destinataire": "exemple.fr", "page": 2})

    assert first.status_code == second.status_code == 200
    assert len(re.findall(r'href="/gestion/courriels/\d+/"', first.content.decode())) == 50
    assert "destinataire=exemple.fr" in first.content.decode()  # the pages' links keep it
    page_two = second.content.decode()
    assert "Courriel 00" in page_two  # the oldest, alone on page 2
    assert "Courriel 50" not in page_two
    assert "Autre" not in page_two


def test_the_detail_shows_text_html_in_a_sandboxed_frame_and_attachments(staff):
    email = _email(
        subject="Votre inscription",
        body_text="Bonjour Inès,\nà bientôt.",
        body_html='<p>Bonjour</p><script>alert("x")</script>',
        attachments=[{"filename": "rencontre.ics", "mimetype": "text/calendar", "content": ICS}],
    )

    response = staff.get(f"/gestion/courriels/{email.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Votre inscription</h1>" in page
    assert "Bonjour Inès,\nà bientôt." in page
    assert (
        f'<iframe class="eig-email-frame" sandbox src="/gestion/courriels/{email.pk}/html/"' in page
    )
    assert '<script>alert("x")</script>' not in page  # never in the page itself
    assert f'href="/gestion/courriels/{email.pk}/pieces-jointes/0/"' in page
    assert "rencontre.ics" in page


def test_the_html_part_is_served_alone_under_a_strict_policy(staff):
    email = _email(body_html='<p>Bonjour</p><script>alert("x")</script>')

    response = staff.get(f"/gestion/courriels/{email.pk}/html/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == '<p>Bonjour</p><script>alert("x")</script>'
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "sandbox" in policy.split("; ")
    assert "script-src" not in policy
    assert "frame-ancestors 'self'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_attachment_downloads(staff):
    email = _email(
        attachments=[{"filename": "rencontre.ics", "mimetype": "text/calendar", "content": ICS}]
    )

    response = staff.get(f"/gestion/courriels/{email.pk}/pieces-jointes/0/")

    assert response.status_code == 200
    assert response.content.decode() == ICS
    assert response["Content-Type"] == "text/calendar"
    assert response["Content-Disposition"] == 'attachment; filename="rencontre.ics"'
    assert staff.get(f"/gestion/courriels/{email.pk}/pieces-jointes/1/").status_code == 404


def test_a_mail_without_html_has_no_frame(staff):
    email = _email(body_html="")

    page = staff.get(f"/gestion/courriels/{email.pk}/").content.decode()

    assert "pas de version HTML." in page
    assert "<iframe" not in page
    assert staff.get(f"/gestion/courriels/{email.pk}/html/").status_code == 404


def test_a_failed_mail_can_be_sent_again_from_its_page(staff):
    email = _email(state=EmailState.FAILED, last_error="SMTPServerDisconnected: parti")

    page = staff.get(f"/gestion/courriels/{email.pk}/").content.decode()

    assert "SMTPServerDisconnected: parti" in page
    assert f'action="/gestion/courriels/{email.pk}/renvoyer/"' in page


def test_the_staff_dashboard_links_to_the_mails(staff):
    response = staff.get("/gestion/")

    assert response.status_code == 200
    assert 'href="/gestion/courriels/"' in response.content.decode()
