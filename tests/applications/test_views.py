"""The candidate's pages and the team's pages, through the test client."""

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eig.applications.models import Application, ApplicationCall, ApplicationState
from eig.cohorts.models import Profile
from eig.mail.models import Email
from tests.accounts.factories import PASSWORD, UserFactory
from tests.applications.factories import (
    FAKE_PDF,
    ApplicationFactory,
    candidate,
    pdf_bytes,
)
from tests.factories import ApplicationCallFactory, ChallengeFactory, CohortFactory

pytestmark = pytest.mark.django_db
S = ApplicationState


def _step(application, step):
    return reverse("applications:step", kwargs={"pk": application.pk, "step": step})


def _detail(application):
    return reverse("applications:detail", kwargs={"pk": application.pk})


def _pdf(name="cv.pdf", content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def _errors(response) -> str:
    """The text of the error messages shown next to the fields."""
    html = response.content.decode()
    return " ".join(part.split("</div>")[0] for part in html.split('-desc-error">')[1:]).replace(
        "&#x27;", "'"
    )


@pytest.fixture
def me(client):
    person = candidate(first_name="Inès", last_name="Moreau")
    client.force_login(person)
    return person


@pytest.fixture
def call():
    return ApplicationCallFactory(max_choices=3)


# The whole journey ----------------------------------------------------------------


def test_a_candidate_fills_every_step_then_submits_twice_and_gets_one_receipt(
    client, me, call, outbox
):
    a, b, c = (
        ChallengeFactory(cohort=call.cohort, title=t) for t in ("CartoBio", "DataJust", "Plume")
    )

    response = client.post(reverse("applications:start", kwargs={"call_pk": call.pk}))
    application = Application.objects.get(candidate=me)
    assert response["Location"] == _step(application, "identite")

    steps = [
        ("identite", {"first_name": "Inès", "last_name": "Moreau", "phone": "06 11 22 33 44"}),
        ("profil", {"profile": Profile.DESIGNER, "experience": "Designer de services publics."}),
        ("competences", {"skills": "Recherche utilisateur, prototypage", "general_interest": ""}),
        ("liens", {"portfolio_url": "https://ines.example"}),
        ("cv", {"cv": _pdf("Mon CV.pdf")}),
        ("disponibilite", {"available_from": "2019-01-14", "full_time": "on"}),
        (
            "defis",
            {
                "challenge_1": b.pk,
                "motivation_1": "La justice accessible.",
                "challenge_2": a.pk,
                "motivation_2": "L'agriculture biologique.",
                "challenge_3": c.pk,
                "motivation_3": "Les juridictions financières.",
            },
        ),
        ("consentement", {"consent": "on"}),
    ]
    for index, (name, data) in enumerate(steps):
        response = client.post(_step(application, name), {**data, "next": "1"})
        following = steps[index + 1][0] if index + 1 < len(steps) else None
        expected = _step(application, following) if following else _detail(application)
        assert response.status_code == 302, (name, _errors(response))
        assert response["Location"] == expected

    page = client.get(_detail(application)).content.decode()
    assert "Déposer ma candidature" in page
    first = client.post(reverse("applications:submit", kwargs={"pk": application.pk}))
    with outbox.capture():
        second = client.post(reverse("applications:submit", kwargs={"pk": application.pk}))

    application.refresh_from_db()
    assert first.status_code == second.status_code == 302
    assert application.state == S.SUBMITTED
    assert [(ch.rank, ch.challenge.title) for ch in application.choices.order_by("rank")] == [
        (1, "DataJust"),
        (2, "CartoBio"),
        (3, "Plume"),
    ]
    assert Email.objects.filter(template="applications/receipt", to=me.email).count() == 1
    status = client.get(_detail(application)).content.decode()
    assert "Déposée" in status and "Votre candidature est déposée" in status


def test_an_invalid_step_says_why_next_to_the_field_and_keeps_what_was_typed(client, me, call):
    application = ApplicationFactory(call=call, candidate=me)

    response = client.post(
        _step(application, "identite"),
        {"first_name": "Inès", "last_name": "Moreau-Lefebvre", "phone": "appelez-moi"},
    )

    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone valide" in _errors(response)
    html = response.content.decode()
    assert 'value="Moreau-Lefebvre"' in html and 'value="appelez-moi"' in html
    application.refresh_from_db()
    assert application.last_name != "Moreau-Lefebvre"


def test_choices_with_a_gap_a_duplicate_or_no_motivation_are_explained(client, me, call):
    application = ApplicationFactory(call=call, candidate=me)
    a, b = ChallengeFactory(cohort=call.cohort), ChallengeFactory(cohort=call.cohort)
    other = ChallengeFactory()

    gap = client.post(
        _step(application, "defis"),
        {"challenge_1": a.pk, "motivation_1": "x", "challenge_3": b.pk, "motivation_3": "y"},
    )
    twice = client.post(
        _step(application, "defis"),
        {"challenge_1": a.pk, "motivation_1": "x", "challenge_2": a.pk, "motivation_2": "y"},
    )
    silent = client.post(_step(application, "defis"), {"challenge_1": a.pk})
    foreign = client.post(
        _step(application, "defis"), {"challenge_1": other.pk, "motivation_1": "x"}
    )

    assert "Choisissez d'abord votre défi n° 2." in _errors(gap)
    assert "Vous avez déjà choisi ce défi en n° 1." in _errors(twice)
    assert "Expliquez ce qui vous motive pour ce défi." in _errors(silent)
    assert "Choisissez parmi les défis de cette promotion." in _errors(foreign)
    assert not application.choices.exists()


def test_the_defis_offered_are_the_published_ones_of_the_calls_cohort(client, me, call):
    application = ApplicationFactory(call=call, candidate=me)
    ChallengeFactory(cohort=call.cohort, title="Offert")
    ChallengeFactory(cohort=call.cohort, title="Brouillon", draft=True)
    ChallengeFactory(title="Autre promotion")

    html = client.get(_step(application, "defis")).content.decode()

    assert "Offert" in html and "Brouillon" not in html and "Autre promotion" not in html


def test_a_fake_pdf_is_refused_next_to_the_field(client, me, call):
    application = ApplicationFactory(call=call, candidate=me)

    response = client.post(_step(application, "cv"), {"cv": _pdf("cv.pdf", FAKE_PDF)}, follow=False)

    assert response.status_code == 200
    assert "n'est pas un PDF" in _errors(response)
    assert not application.documents.exists()


def test_a_file_over_the_limit_is_dropped_while_it_is_read(client, me, call, settings):
    settings.EIG_UPLOAD_MAX_BYTES = 50 * 1024
    application = ApplicationFactory(call=call, candidate=me)
    big = pdf_bytes() + b"%" + b"0" * (80 * 1024) + b"\n%%EOF\n"

    response = client.post(_step(application, "cv"), {"cv": _pdf("gros.pdf", big)})

    assert response.status_code == 200
    assert "Le fichier dépasse la taille maximale de 50,0" in _errors(response)
    assert not application.documents.exists()


def test_the_upload_handler_counts_bytes_not_the_declared_length():
    from django.core.files.uploadhandler import SkipFile
    from django.test import RequestFactory

    from eig.applications.uploads import LimitedUploadHandler, fields_too_large

    request = RequestFactory().post("/")
    handler = LimitedUploadHandler(request, limit=10)
    # The part claims 5 bytes; 12 arrive.
    handler.new_file("cv", "cv.pdf", "application/pdf", 5)

    assert handler.receive_data_chunk(b"123456", 0) == b"123456"
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"789012", 6)
    assert fields_too_large(request) == {"cv"}


def test_after_the_deadline_a_save_is_refused_the_typed_text_shown_again_and_the_draft_kept(
    client, me, call
):
    application = ApplicationFactory(call=call, candidate=me, skills="Avant")
    late = call.closes_at + timedelta(seconds=1)

    with mock.patch("django.utils.timezone.now", return_value=late):
        client.force_login(me)  # a session that is still valid at that time
        response = client.post(
            _step(application, "competences"), {"skills": "Texte tapé après la clôture"}
        )

    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "L'appel à candidatures est clos depuis le" in html
    assert "Votre brouillon est conservé" in html
    assert "Texte tapé après la clôture" in html
    application.refresh_from_db()
    assert application.skills == "Avant"


def test_one_second_after_the_deadline_a_submission_is_refused_with_a_clear_message(
    client, me, call
):
    application = ApplicationFactory(call=call, candidate=me, complete=True)

    with mock.patch(
        "django.utils.timezone.now", return_value=call.closes_at + timedelta(seconds=1)
    ):
        client.force_login(me)
        response = client.post(
            reverse("applications:submit", kwargs={"pk": application.pk}), follow=True
        )

    html = response.content.decode().replace("&#x27;", "'")
    assert "L'appel à candidatures est clos depuis le" in html
    application.refresh_from_db()
    assert application.state == S.DRAFT
    assert not Email.objects.filter(template="applications/receipt").exists()


def test_one_second_before_the_deadline_a_submission_passes(client, me, call):
    application = ApplicationFactory(call=call, candidate=me, complete=True)

    with mock.patch(
        "django.utils.timezone.now", return_value=call.closes_at - timedelta(seconds=1)
    ):
        client.force_login(me)
        client.post(reverse("applications:submit", kwargs={"pk": application.pk}))

    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_after_submission_the_status_page_offers_withdrawal_and_shows_the_history(client, me, call):
    application = ApplicationFactory(call=call, candidate=me, submitted=True)
    client.post(_step(application, "competences"), {"skills": "Rust"})

    page = client.get(_detail(application)).content.decode()
    response = client.post(
        reverse("applications:withdraw", kwargs={"pk": application.pk}), {"confirm": "on"}
    )

    assert "Retirer ma candidature" in page
    assert "Correction : compétences" in page
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.WITHDRAWN


def test_withdrawal_needs_the_box_ticked(client, me, call):
    application = ApplicationFactory(call=call, candidate=me, submitted=True)

    response = client.post(reverse("applications:withdraw", kwargs={"pk": application.pk}), {})

    assert "Cochez la case pour confirmer le retrait." in _errors(response)
    application.refresh_from_db()
    assert application.state == S.SUBMITTED


def test_the_candidates_pages_run_a_bounded_number_of_queries(
    client, me, call, django_assert_max_num_queries
):
    application = ApplicationFactory(call=call, candidate=me, submitted=True)
    for _ in range(3):
        ChallengeFactory(cohort=call.cohort)

    for url in (
        _detail(application),
        _step(application, "defis"),
        _step(application, "cv"),
        reverse("applications:messages", kwargs={"pk": application.pk}),
        reverse("applications:space"),
    ):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


# Files -----------------------------------------------------------------------------


def test_the_cv_is_served_as_an_attachment_never_sniffed(client, me, call):
    application = ApplicationFactory(call=call, candidate=me, complete=True)
    cv = application.documents.get()

    response = client.get(reverse("applications:document", kwargs={"public_id": cv.public_id}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="cv-camille.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_private_folder_is_not_under_the_public_media(settings):
    from eig.applications.storage import private_storage

    assert not str(private_storage.location).startswith(str(settings.MEDIA_ROOT))
    assert not str(private_storage.location).startswith(str(settings.STATIC_ROOT))


# Messages ---------------------------------------------------------------------------


def test_the_candidate_writes_to_the_team_with_a_pdf(client, me, call):
    application = ApplicationFactory(call=call, candidate=me, submitted=True)
    UserFactory(staff=True, email="equipe@eig.test")
    call.cohort.programme.contact_email = ""
    call.cohort.programme.save()

    response = client.post(
        reverse("applications:messages", kwargs={"pk": application.pk}),
        {"body": "Voici mon portfolio à jour.", "attachment": _pdf("portfolio.pdf")},
    )

    assert response.status_code == 302
    message = application.messages.get()
    assert message.attachments.get().original_name == "portfolio.pdf"
    assert Email.objects.get(template="applications/message_to_team").to == "equipe@eig.test"
    page = client.get(reverse("applications:messages", kwargs={"pk": application.pk}))
    assert "Voici mon portfolio à jour." in page.content.decode()


def test_a_fake_pdf_attachment_is_refused_and_the_message_kept_in_the_form(client, me, call):
    application = ApplicationFactory(call=call, candidate=me)

    response = client.post(
        reverse("applications:messages", kwargs={"pk": application.pk}),
        {"body": "Mon message", "attachment": _pdf("x.pdf", FAKE_PDF)},
    )

    assert "n'est pas un PDF" in _errors(response)
    assert "Mon message" in response.content.decode()
    assert not application.messages.exists()


# Personal data -------------------------------------------------------------------


def test_the_candidate_downloads_everything_held_about_them(client, me, call):
    application = ApplicationFactory(call=call, candidate=me, submitted=True)
    staff = UserFactory(staff=True)
    from eig.applications import services

    services.message_post(
        application=application,
        by=staff,
        body="Pouvez-vous préciser ?",
    )
    services.message_post(
        application=application,
        by=me,
        body="Voici.",
        attachment=io.BytesIO(pdf_bytes()),
        attachment_name="precisions.pdf",
    )

    response = client.get(reverse("applications:data_export"))

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    data = json.loads(archive.read("donnees.json"))
    assert data["account"]["email"] == me.email
    exported = data["applications"][0]
    assert exported["skills"] == application.skills
    assert [m["body"] for m in exported["messages"]] == ["Pouvez-vous préciser ?", "Voici."]
    assert any(name.endswith("cv-camille.pdf") for name in names)
    assert any(name.endswith("precisions.pdf") for name in names)
    assert any(e["subject"].startswith("Nouveau message") for e in data["emails"])
    cv_name = next(name for name in names if name.endswith("cv-camille.pdf"))
    assert archive.read(cv_name).startswith(b"%PDF-")


def test_the_account_is_deleted_with_the_password_while_no_decision_is_pending(client, me, call):
    ApplicationFactory(call=call, candidate=me, complete=True)
    url = reverse("applications:account_delete")

    wrong = client.post(url, {"password": "pas le bon", "confirm": "on"})
    right = client.post(url, {"password": PASSWORD, "confirm": "on"})

    assert "Mot de passe incorrect." in _errors(wrong)
    assert right.status_code == 302
    assert not type(me).objects.filter(pk=me.pk).exists()
    assert "_auth_user_id" not in client.session


def test_the_account_is_kept_while_a_decision_is_pending(client, me, call):
    ApplicationFactory(call=call, candidate=me, submitted=True)

    page = client.get(reverse("applications:account_delete")).content.decode()
    response = client.post(
        reverse("applications:account_delete"), {"password": PASSWORD, "confirm": "on"}
    )

    assert "Une décision est en attente" in page.replace("&#x27;", "'")
    assert response.status_code == 200
    assert type(me).objects.filter(pk=me.pk).exists()


# The team ------------------------------------------------------------------------


@pytest.fixture
def staff(client):
    person = UserFactory(staff=True)
    client.force_login(person)
    return person


def test_the_list_filters_by_cohort_defi_profile_and_state(client, staff):
    call = ApplicationCallFactory()
    other_call = ApplicationCallFactory()
    wanted = ApplicationFactory(call=call, submitted=True, profile=Profile.DATA_SCIENTIST)
    ApplicationFactory(call=call, submitted=True, profile=Profile.DEVELOPER)
    ApplicationFactory(call=other_call, submitted=True, profile=Profile.DATA_SCIENTIST)
    ApplicationFactory(call=call, complete=True, profile=Profile.DATA_SCIENTIST)  # draft
    challenge = wanted.choices.get().challenge

    response = client.get(
        reverse("applications:staff_list"),
        {
            "cohort": call.cohort.pk,
            "challenge": challenge.pk,
            "profile": Profile.DATA_SCIENTIST,
            "state": S.SUBMITTED,
        },
    )

    assert [a.pk for a in response.context["page_obj"]] == [wanted.pk]


def test_the_search_ignores_accents_and_case_over_the_whole_text(client, staff):
    call = ApplicationCallFactory()
    hit = ApplicationFactory(call=call, submitted=True, skills="Cartographie, SÉCURITÉ réseau")
    motivated = ApplicationFactory(call=call, submitted=True)
    motivated.choices.update(motivation="J'aime la Sécurité des systèmes")
    from eig.applications.services import refresh_search_document

    refresh_search_document(motivated)
    ApplicationFactory(call=call, submitted=True, skills="Rien à voir")
    refresh_search_document(hit)

    for query in ("securite", "Sécurité", "SECURITE", "sécu"):
        response = client.get(reverse("applications:staff_list"), {"q": query})
        found = {a.pk for a in response.context["page_obj"]}
        assert found == {hit.pk, motivated.pk}, query
    both = client.get(reverse("applications:staff_list"), {"q": "securite cartographie"})
    assert [a.pk for a in both.context["page_obj"]] == [hit.pk]


def test_the_list_page_runs_a_bounded_number_of_queries(
    client, staff, django_assert_max_num_queries, bounded_get
):
    call = ApplicationCallFactory()
    first = ApplicationFactory.create_batch(3, call=call, submitted=True)
    bounded_get(
        client,
        reverse("applications:staff_list"),
        queries=12,
        contains=first[0].candidate.email,
    )
    ApplicationFactory.create_batch(30, call=call, submitted=True)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("applications:staff_list"), {"q": "camille"})

    assert response.context["page_obj"].paginator.count == 33


def test_past_the_cap_the_list_says_more_than_and_stays_paginated(client, staff, monkeypatch):
    from eig.applications.views import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 3)
    ApplicationFactory.create_batch(5, submitted=True)

    response = client.get(reverse("applications:staff_list"))

    html = response.content.decode().replace("&#x27;", "'")
    assert "Plus de 3 candidatures : affinez les filtres" in html
    assert len(response.context["page_obj"].object_list) == 3


def test_bulk_message_reaches_each_selected_candidate(client, staff):
    applications = ApplicationFactory.create_batch(3, submitted=True)

    response = client.post(
        reverse("applications:staff_list"),
        {
            "ids": [applications[0].pk, applications[1].pk],
            "action": "message",
            "body": "Merci de préciser votre disponibilité.",
        },
    )

    assert response.status_code == 302
    sent = Email.objects.filter(template="applications/message_to_candidate")
    assert sorted(sent.values_list("to", flat=True)) == sorted(
        [applications[0].candidate.email, applications[1].candidate.email]
    )
    assert not applications[2].messages.exists()


def test_bulk_state_change_follows_the_transition_table(client, staff):
    submitted = ApplicationFactory(submitted=True)
    draft = ApplicationFactory(complete=True)

    client.post(
        reverse("applications:staff_list"),
        {"ids": [submitted.pk, draft.pk], "action": "state:withdrawn", "comment": "Demandé"},
    )

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.state == S.WITHDRAWN
    assert draft.state == S.DRAFT  # a draft cannot be withdrawn by the team


def test_the_bulk_menu_holds_no_audition_nor_decision(client, staff):
    call = ApplicationCallFactory(closed=True)
    auditioned = ApplicationFactory(submitted=True, call=call, state=S.AUDITIONED)

    menu = client.get(reverse("applications:staff_list")).context["bulk_form"]
    actions = {value for value, _label in menu.fields["action"].choices}
    response = client.post(
        reverse("applications:staff_list"),
        {"ids": [auditioned.pk], "action": "state:laureate", "comment": ""},
        follow=True,
    )

    assert actions == {"message", "state:preselected", "state:not_preselected", "state:withdrawn"}
    auditioned.refresh_from_db()
    assert auditioned.state == S.AUDITIONED
    assert response.status_code == 200
    assert not Email.objects.exists()


def test_pre_selecting_while_the_call_is_open_says_why(client, staff):
    application = ApplicationFactory(submitted=True)

    response = client.post(
        reverse("applications:staff_transition", args=[application.pk]),
        {"to": "preselected"},
        follow=True,
    )

    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    html = response.content.decode().replace("&#x27;", "'")
    assert "reste ouvert aux candidatures" in html


def test_a_call_is_not_published_without_a_published_challenge(client, staff):
    cohort = CohortFactory()

    response = client.post(
        reverse("applications:staff_call_create"),
        {
            "cohort": cohort.pk,
            "title": "Appel sans défi",
            "opens_at": "2030-09-18T00:00:00",
            "closes_at": "2030-10-15T23:59:59",
            "max_choices": "3",
            "is_published": "on",
        },
    )

    assert response.status_code == 200
    assert not ApplicationCall.objects.exists()
    html = response.content.decode().replace("&#x27;", "'")
    assert "aucun défi publié" in html
    assert 'value="Appel sans défi"' in html  # nothing typed is lost


def test_csv_export_streams_the_filtered_rows_and_defuses_formulas(client, staff):
    call = ApplicationCallFactory()
    ApplicationFactory(call=call, submitted=True, skills='=HYPERLINK("http://x")')
    ApplicationFactory(call=call, submitted=True, profile=Profile.DESIGNER)

    response = client.get(reverse("applications:staff_export_csv"), {"profile": Profile.DEVELOPER})

    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["id", "appel", "promotion", "etat"]
    assert len(rows) == 2
    assert rows[1][rows[0].index("competences")] == '\'=HYPERLINK("http://x")'
    assert rows[1][rows[0].index("defi_1")]


def test_xlsx_export_holds_the_rows(client, staff):
    ApplicationFactory(submitted=True, last_name="Zébulon")

    response = client.get(reverse("applications:staff_export_xlsx"))

    content = b"".join(response.streaming_content)
    workbook = zipfile.ZipFile(io.BytesIO(content))
    sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "Zébulon" in sheet or "Zébulon" in workbook.read("xl/sharedStrings.xml").decode()


def test_the_team_writes_from_the_application_page(client, staff):
    application = ApplicationFactory(submitted=True)

    client.post(
        reverse("applications:staff_detail", kwargs={"pk": application.pk}),
        {"body": "Pouvez-vous envoyer votre diplôme ?"},
    )
    page = client.get(reverse("applications:staff_detail", kwargs={"pk": application.pk}))

    assert application.messages.get().from_team
    assert "Pouvez-vous envoyer votre diplôme ?" in page.content.decode()
    assert Email.objects.filter(
        template="applications/message_to_candidate", to=application.candidate.email
    ).exists()


def test_the_team_opens_a_call_entered_in_paris_time_to_the_second(client, staff):
    cohort = CohortFactory()
    ChallengeFactory(cohort=cohort)

    response = client.post(
        reverse("applications:staff_call_create"),
        {
            "cohort": cohort.pk,
            "title": "Appel EIG 3",
            "opens_at": "2018-09-18T00:00:00",
            "closes_at": "2018-10-15T23:59:59",
            "max_choices": "3",
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    call = ApplicationCall.objects.get(title="Appel EIG 3")
    assert call.closes_at == datetime(2018, 10, 15, 21, 59, 59, tzinfo=UTC)
    assert call.opens_at == datetime(2018, 9, 17, 22, 0, 0, tzinfo=UTC)


def test_an_hour_that_happens_twice_in_paris_is_refused(client, staff):
    response = client.post(
        reverse("applications:staff_call_create"),
        {
            "cohort": CohortFactory().pk,
            "title": "Ambigu",
            "opens_at": "2026-10-01T00:00:00",
            "closes_at": "2026-10-25T02:30:00",  # 02:30 happens twice that night
            "max_choices": "3",
        },
    )

    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors
    assert not ApplicationCall.objects.filter(title="Ambigu").exists()


def test_the_public_page_shows_dates_countdown_and_the_way_in(client):
    ApplicationCallFactory(
        opens_at=timezone.now() - timedelta(days=2), closes_at=timezone.now() + timedelta(days=5)
    )

    html = client.get(reverse("applications:candidature")).content.decode()

    assert "Ouvert depuis le" in html
    assert "Plus que 4 jours pour candidater" in html or "Plus que 5 jours" in html
    assert reverse("applications:space") in html
    assert reverse("accounts:sign_up") in html


def test_the_admin_shows_applications_read_only(client):
    admin = UserFactory(staff=True, is_superuser=True)
    client.force_login(admin)
    application = ApplicationFactory(submitted=True)

    listing = client.get("/admin/applications/application/")
    page = client.get(f"/admin/applications/application/{application.pk}/change/")

    assert listing.status_code == page.status_code == 200
    assert "cv-camille.pdf" in page.content.decode()
    assert client.get("/admin/applications/application/add/").status_code == 403


def test_upload_views_still_check_csrf(me, call):
    from django.test import Client

    application = ApplicationFactory(call=call, candidate=me)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(me)

    step = strict.post(_step(application, "cv"), {"cv": _pdf()})
    thread = strict.post(
        reverse("applications:messages", kwargs={"pk": application.pk}), {"body": "x"}
    )

    assert step.status_code == thread.status_code == 403
    assert not application.documents.exists() and not application.messages.exists()


# Rate limit on messages (issue 17, finding 11) ---------------------------------


def test_a_candidate_cannot_send_message_after_message_and_keeps_the_typed_text(
    client, me, call, settings
):
    """Ten messages in three seconds, each with a 5 MB PDF, were all taken."""
    count, _seconds = settings.EIG_RATE_LIMITS["application_message"]["account"]
    application = ApplicationFactory(call=call, candidate=me, submitted=True)
    url = reverse("applications:messages", kwargs={"pk": application.pk})
    for n in range(count):
        response = client.post(url, {"body": f"Message {n}", "attachment": _pdf(f"p{n}.pdf")})
        assert response.status_code == 302

    response = client.post(url, {"body": "Un message de trop", "attachment": _pdf("trop.pdf")})

    assert response.status_code == 429
    assert "Retry-After" in response
    html = response.content.decode()
    assert "Vous avez envoyé beaucoup de messages en peu de temps : réessayez dans" in html
    assert "Un message de trop" in html  # kept in the form
    assert application.messages.count() == count


def test_the_team_is_limited_too_in_the_same_messaging(client, call, settings):
    count, _seconds = settings.EIG_RATE_LIMITS["application_message"]["account"]
    client.force_login(UserFactory(staff=True))
    application = ApplicationFactory(call=call, submitted=True)
    url = reverse("applications:staff_detail", kwargs={"pk": application.pk})
    for n in range(count):
        assert client.post(url, {"body": f"Réponse {n}"}).status_code == 302

    response = client.post(url, {"body": "Une réponse de trop"})

    assert response.status_code == 429
    assert "Une réponse de trop" in response.content.decode()
    assert application.messages.count() == count
