"""Applying: steps, deadline to the second, CV checked by content, idempotent
submission with one receipt, corrections kept, withdrawal, messages."""

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from eig.applications import services
from eig.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationRevision,
    ApplicationState,
    ApplicationTransition,
)
from eig.applications.storage import private_storage
from eig.core.text import fold
from eig.mail.models import Email
from tests.accounts.factories import UserFactory
from tests.applications.factories import (
    FAKE_PDF,
    ApplicationFactory,
    candidate,
    pdf_bytes,
)
from tests.factories import ApplicationCallFactory, ChallengeFactory

SITE = "https://eig.test"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Every absolute link of the e-mails and .ics files is built on EIG_SITE_URL."""
    settings.EIG_SITE_URL = SITE


pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
S = ApplicationState
SECOND = timedelta(seconds=1)


def _stored_files() -> list:
    from django.conf import settings

    root = settings.PRIVATE_MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _receipts(application):
    return Email.objects.filter(
        to=application.candidate.email, template="applications/receipt"
    ).count()


# Deadline ------------------------------------------------------------------------


def test_a_save_one_second_before_the_deadline_passes_and_one_second_after_is_refused():
    application = ApplicationFactory()
    closes_at = application.call.closes_at

    services.application_update(
        application=application,
        by=application.candidate,
        section="identite",
        fields={"phone": "06 00 00 00 01"},
        now=closes_at - SECOND,
    )
    with pytest.raises(services.ApplicationError, match="clos depuis le") as refused:
        services.application_update(
            application=application,
            by=application.candidate,
            section="identite",
            fields={"phone": "06 00 00 00 02"},
            now=closes_at + SECOND,
        )

    application.refresh_from_db()
    assert application.phone == "06 00 00 00 01"
    assert "Votre brouillon est conservé" in refused.value.message


def test_the_deadline_itself_is_already_closed():
    application = ApplicationFactory(complete=True)

    with pytest.raises(services.ApplicationError):
        services.application_submit(
            application=application,
            by=application.candidate,
            now=application.call.closes_at,
        )


def test_submission_one_second_after_the_deadline_is_refused_and_the_draft_kept():
    application = ApplicationFactory(complete=True)

    with pytest.raises(services.ApplicationError, match="clos depuis le"):
        services.application_submit(
            application=application,
            by=application.candidate,
            now=application.call.closes_at + SECOND,
        )

    application.refresh_from_db()
    assert application.state == S.DRAFT
    assert application.skills  # nothing was lost
    assert _receipts(application) == 0


@pytest.mark.parametrize(
    ("closes_paris", "utc"),
    [
        # Spring forward: 29 March 2026, 02:00 CET becomes 03:00 CEST.
        (datetime(2026, 3, 29, 3, 0, 1, tzinfo=PARIS), datetime(2026, 3, 29, 1, 0, 1, tzinfo=UTC)),
        # Fall back: 25 October 2026, 03:00 CEST becomes 02:00 CET; 04:00 is CET.
        (
            datetime(2026, 10, 25, 4, 0, 0, tzinfo=PARIS),
            datetime(2026, 10, 25, 3, 0, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_call_closing_just_after_a_daylight_saving_change_closes_at_the_exact_second(
    closes_paris, utc
):
    call = ApplicationCallFactory(
        opens_at=closes_paris - timedelta(days=30), closes_at=closes_paris
    )
    call.refresh_from_db()
    application = ApplicationFactory(call=call, complete=True)

    assert call.closes_at == utc  # stored in UTC, the Paris offset of that day applied
    assert call.is_open(utc - SECOND) and not call.is_open(utc)
    # One hour before in wall-clock terms is not one hour before in real time:
    # the service compares instants, not Paris wall-clock times.
    with pytest.raises(services.ApplicationError):
        services.application_submit(application=application, by=application.candidate, now=utc)
    _submitted, done = services.application_submit(
        application=application, by=application.candidate, now=utc - SECOND
    )
    assert done


def test_a_call_not_yet_open_refuses_to_start():
    call = ApplicationCallFactory(upcoming=True)

    with pytest.raises(services.ApplicationError, match="ouvre le"):
        services.application_start(call=call, candidate=candidate())

    assert not Application.objects.exists()


# Starting and steps -------------------------------------------------------------------


def test_starting_twice_gives_the_same_draft_with_the_account_names():
    call = ApplicationCallFactory()
    person = UserFactory(first_name="Alex", last_name="Martin")

    first = services.application_start(call=call, candidate=person)
    second = services.application_start(call=call, candidate=person)

    assert first.pk == second.pk
    assert (first.first_name, first.last_name) == ("Alex", "Martin")
    assert person.role_grants.filter(role="candidate").exists()


def test_a_draft_edit_is_not_history_but_a_correction_after_submission_is():
    application = ApplicationFactory(submitted=True)
    draft = ApplicationFactory()

    services.application_update(
        application=draft, by=draft.candidate, section="competences", fields={"skills": "Go"}
    )
    services.application_update(
        application=application,
        by=application.candidate,
        section="competences",
        fields={"skills": "Go, Rust"},
    )

    assert not ApplicationRevision.objects.filter(application=draft).exists()
    revision = ApplicationRevision.objects.get(application=application)
    assert revision.section == "competences"
    assert revision.changes == {
        "skills": ["Python, Django, PostgreSQL, accessibilité.", "Go, Rust"]
    }


def test_only_the_candidate_may_change_their_application():
    application = ApplicationFactory()

    with pytest.raises(PermissionDenied):
        services.application_update(
            application=application,
            by=candidate(),
            section="identite",
            fields={"phone": "06 00 00 00 00"},
        )


def test_a_step_only_writes_its_own_fields():
    application = ApplicationFactory()

    with pytest.raises(ValueError, match="not part of step"):
        services.application_update(
            application=application,
            by=application.candidate,
            section="identite",
            fields={"state": "submitted"},
        )


def test_withdrawn_application_cannot_be_corrected():
    application = ApplicationFactory(submitted=True)
    services.application_withdraw(application=application, by=application.candidate)

    with pytest.raises(services.ApplicationError, match="Retirée"):
        services.application_update(
            application=application,
            by=application.candidate,
            section="competences",
            fields={"skills": "Tout"},
        )


# Défis chosen -------------------------------------------------------------------


def test_three_ranked_choices_are_saved_in_order_and_reordering_is_a_correction():
    application = ApplicationFactory(submitted=True)
    cohort = application.call.cohort
    a, b, c = (ChallengeFactory(cohort=cohort, title=t) for t in ("Alpha", "Bêta", "Gamma"))

    services.application_choices_save(
        application=application,
        by=application.candidate,
        choices=[(a, "un"), (b, "deux"), (c, "trois")],
    )
    services.application_choices_save(
        application=application,
        by=application.candidate,
        choices=[(c, "trois"), (a, "un")],
    )

    ranked = [(ch.rank, ch.challenge.title) for ch in application.choices.order_by("rank")]
    assert ranked == [(1, "Gamma"), (2, "Alpha")]
    revisions = ApplicationRevision.objects.filter(application=application, section="defis")
    assert revisions.count() == 2


def test_a_defi_of_another_cohort_or_unpublished_is_refused():
    application = ApplicationFactory()
    elsewhere = ChallengeFactory()
    unpublished = ChallengeFactory(cohort=application.call.cohort, draft=True)

    for challenge in (elsewhere, unpublished):
        with pytest.raises(services.ApplicationError, match="défis de cette promotion"):
            services.application_choices_save(
                application=application, by=application.candidate, choices=[(challenge, "x")]
            )


def test_more_choices_than_the_call_allows_or_twice_the_same_are_refused():
    call = ApplicationCallFactory(max_choices=2)
    application = ApplicationFactory(call=call)
    a, b, c = (ChallengeFactory(cohort=call.cohort) for _ in range(3))

    with pytest.raises(services.ApplicationError, match="au plus 2"):
        services.application_choices_save(
            application=application,
            by=application.candidate,
            choices=[(a, "x"), (b, "y"), (c, "z")],
        )
    with pytest.raises(services.ApplicationError, match="qu'une fois"):
        services.application_choices_save(
            application=application, by=application.candidate, choices=[(a, "x"), (a, "y")]
        )


# CV -------------------------------------------------------------------------------


def test_a_real_pdf_is_stored_privately_under_a_random_name(settings):
    application = ApplicationFactory()

    document = services.application_cv_upload(
        application=application,
        by=application.candidate,
        file=io.BytesIO(pdf_bytes(pages=2)),
        original_name="../../Mon CV.pdf",
    )

    path = private_storage.path(document.file.name)
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "Mon CV" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.original_name == "Mon CV.pdf"
    assert document.pages == 2
    with pytest.raises(ValueError, match="no URL"):
        document.file.url  # noqa: B018


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (FAKE_PDF, "n'est pas un PDF"),
        (b"%PDF-1.7\n" + b"x" * 100, "incomplet ou endommagé"),
        (b"%PDF-1.4\n1 0 obj garbage endobj\n%%EOF\n", "ne peut pas être lu"),
        (b"", "vide"),
    ],
    ids=["executable-renamed-pdf", "truncated", "header-only", "empty"],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused_whatever_its_name(content, message):
    application = ApplicationFactory()

    with pytest.raises(services.ApplicationError) as refused:
        services.application_cv_upload(
            application=application,
            by=application.candidate,
            file=io.BytesIO(content),
            original_name="cv.pdf",
        )

    assert message in refused.value.message
    assert not ApplicationDocument.objects.exists()
    assert _stored_files() == []


def test_an_encrypted_pdf_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    application = ApplicationFactory()

    with pytest.raises(services.ApplicationError, match="protégé par un mot de passe"):
        services.application_cv_upload(
            application=application, by=application.candidate, file=buffer, original_name="cv.pdf"
        )


def test_a_pdf_over_the_size_limit_is_refused(settings):
    settings.EIG_UPLOAD_MAX_BYTES = 1000
    application = ApplicationFactory()

    with pytest.raises(services.ApplicationError, match="taille maximale"):
        services.application_cv_upload(
            application=application,
            by=application.candidate,
            file=io.BytesIO(pdf_bytes() + b"%" + b" " * 2000 + b"\n%%EOF\n"),
            original_name="cv.pdf",
        )


def test_a_new_cv_replaces_a_drafts_and_is_kept_in_a_submitted_applications_history(
    django_capture_on_commit_callbacks,
):
    draft = ApplicationFactory(complete=True)
    submitted = ApplicationFactory(submitted=True)
    old_draft_cv = draft.documents.get()

    with django_capture_on_commit_callbacks(execute=True):
        for application in (draft, submitted):
            services.application_cv_upload(
                application=application,
                by=application.candidate,
                file=io.BytesIO(pdf_bytes()),
                original_name="nouveau.pdf",
            )

    assert draft.documents.count() == 1
    assert not private_storage.exists(old_draft_cv.file.name)
    assert submitted.documents.count() == 2
    assert submitted.documents.filter(replaced_at__isnull=False).count() == 1
    revision = ApplicationRevision.objects.get(application=submitted, section="cv")
    assert revision.changes == {"cv": ["cv-camille.pdf", "nouveau.pdf"]}


# Submission -------------------------------------------------------------------------


def test_an_incomplete_application_cannot_be_submitted():
    application = ApplicationFactory()

    with pytest.raises(services.ApplicationError, match="Il manque encore"):
        services.application_submit(application=application, by=application.candidate)


def test_submitting_twice_makes_one_submission_and_one_receipt_listing_what_was_sent(outbox):
    application = ApplicationFactory(complete=True)

    with outbox.capture():
        _a, first = services.application_submit(application=application, by=application.candidate)
        _b, second = services.application_submit(application=application, by=application.candidate)

    assert (first, second) == (True, False)
    assert ApplicationTransition.objects.filter(application=application).count() == 1
    assert _receipts(application) == 1
    receipt = Email.objects.get(template="applications/receipt")
    choice = application.choices.get()
    for sent in (
        application.candidate.email,
        "06 12 34 56 78",
        "Développeur·euse",
        "Python, Django, PostgreSQL, accessibilité.",
        "https://github.com/camille",
        "cv-camille.pdf",
        "14 janvier 2019",
        choice.challenge.title,
        choice.motivation,
        f"https://eig.test/espace/candidature/{application.pk}/",
    ):
        assert sent in receipt.body_text, sent
    assert len(outbox.messages) == 1
    snapshot = ApplicationRevision.objects.get(application=application, section="submission")
    assert snapshot.changes["skills"] == "Python, Django, PostgreSQL, accessibilité."


def test_the_database_refuses_a_second_submission_row():
    application = ApplicationFactory(submitted=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationTransition.objects.create(
            application=application, from_state=S.DRAFT, to_state=S.SUBMITTED
        )


def test_a_submission_a_stale_request_did_not_see_is_not_made_twice():
    """Two requests read the draft; the first submits; the second, holding a
    stale object, must neither submit again nor send a second receipt."""
    application = ApplicationFactory(complete=True)
    stale = Application.objects.get(pk=application.pk)

    services.application_submit(application=application, by=application.candidate)
    _again, done = services.application_submit(application=stale, by=stale.candidate)

    assert not done
    assert _receipts(application) == 1


# Withdrawal -------------------------------------------------------------------------


def test_the_candidate_withdraws_before_the_deadline_but_not_after():
    application = ApplicationFactory(submitted=True)
    late = ApplicationFactory(submitted=True)

    with pytest.raises(services.ApplicationError, match="clos depuis le"):
        services.application_withdraw(
            application=late, by=late.candidate, now=late.call.closes_at + SECOND
        )
    withdrawn, done = services.application_withdraw(
        application=application, by=application.candidate
    )

    assert done and withdrawn.state == S.WITHDRAWN and withdrawn.withdrawn_at
    assert Email.objects.filter(template="applications/withdrawn").count() == 1
    late.refresh_from_db()
    assert late.state == S.SUBMITTED


def test_the_team_records_a_withdrawal_asked_for_after_the_deadline():
    application = ApplicationFactory(submitted=True)
    staff = UserFactory(staff=True)

    withdrawn, done = services.application_withdraw(
        application=application,
        by=staff,
        comment="Demandé par message",
        now=application.call.closes_at + timedelta(days=3),
    )

    assert done and withdrawn.state == S.WITHDRAWN
    log = ApplicationTransition.objects.filter(application=application).last()
    assert (log.by, log.comment) == (staff, "Demandé par message")


def test_a_withdrawn_application_cannot_be_submitted_again():
    application = ApplicationFactory(submitted=True)
    services.application_withdraw(application=application, by=application.candidate)

    with pytest.raises(services.ApplicationError, match="n'est plus possible"):
        services.application_submit(application=application, by=application.candidate)


def test_someone_else_cannot_move_an_application():
    application = ApplicationFactory(complete=True)

    with pytest.raises(PermissionDenied):
        services.application_submit(application=application, by=candidate())


# Messages ------------------------------------------------------------------------


def test_the_team_asks_the_candidate_answers_with_a_pdf_and_both_are_told():
    application = ApplicationFactory(submitted=True)
    application.call.cohort.programme.contact_email = "equipe@eig.test"
    application.call.cohort.programme.save()
    staff = UserFactory(staff=True)

    services.message_post(
        application=application,
        by=staff,
        body="Il manque votre CV à jour.",
        now=application.call.closes_at + timedelta(days=2),
    )
    services.message_post(
        application=application,
        by=application.candidate,
        body="Le voici.",
        attachment=io.BytesIO(pdf_bytes()),
        attachment_name="cv-2.pdf",
    )

    to_candidate = Email.objects.get(template="applications/message_to_candidate")
    to_team = Email.objects.get(template="applications/message_to_team")
    assert to_candidate.to == application.candidate.email
    assert "Il manque votre CV à jour." in to_candidate.body_text
    assert f"/espace/candidature/{application.pk}/messages/" in to_candidate.body_text
    assert to_team.to == "equipe@eig.test"
    assert "Le voici." in to_team.body_text
    answer = application.messages.get(from_team=False)
    assert answer.attachments.get().original_name == "cv-2.pdf"


def test_a_message_attachment_follows_the_cv_rules():
    application = ApplicationFactory(submitted=True)

    with pytest.raises(services.ApplicationError, match="n'est pas un PDF"):
        services.message_post(
            application=application,
            by=application.candidate,
            body="Mon programme",
            attachment=io.BytesIO(FAKE_PDF),
            attachment_name="setup.pdf",
        )

    assert not application.messages.exists()


def test_another_candidate_cannot_write_in_the_thread():
    application = ApplicationFactory()

    with pytest.raises(PermissionDenied):
        services.message_post(application=application, by=candidate(), body="Bonjour")


# Personal data -----------------------------------------------------------------------


def test_deleting_the_account_removes_applications_files_and_e_mails(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(complete=True)
    person = application.candidate
    cv = application.documents.get()
    Email.objects.create(to=person.email, subject="s", template="t", body_text="b")

    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_account_delete(user=person)

    assert not Application.objects.exists()
    assert not private_storage.exists(cv.file.name)
    assert not Email.objects.filter(to=person.email).exists()
    assert not type(person).objects.filter(pk=person.pk).exists()


def test_the_account_cannot_be_deleted_while_a_decision_is_pending():
    application = ApplicationFactory(submitted=True)

    with pytest.raises(services.ApplicationError, match="décision est en attente"):
        services.candidate_account_delete(user=application.candidate)

    assert Application.objects.filter(pk=application.pk).exists()


def test_a_withdrawn_candidate_may_delete_their_account():
    application = ApplicationFactory(submitted=True)
    services.application_withdraw(application=application, by=application.candidate)

    services.candidate_account_delete(user=application.candidate)

    assert not Application.objects.exists()


# Calls ----------------------------------------------------------------------------------


def test_staff_open_a_call_with_exact_paris_times():
    from tests.factories import CohortFactory

    cohort = CohortFactory()
    ChallengeFactory(cohort=cohort)
    call = services.application_call_open(
        cohort=cohort,
        title="Appel EIG 9",
        opens_at=datetime(2026, 9, 18, 0, 0, 0, tzinfo=PARIS),
        closes_at=datetime(2026, 10, 15, 23, 59, 59, tzinfo=PARIS),
        max_choices=2,
    )

    call.refresh_from_db()
    assert call.closes_at == datetime(2026, 10, 15, 21, 59, 59, tzinfo=UTC)
    with pytest.raises(services.ApplicationError, match="postérieure"):
        services.application_call_update(call=call, closes_at=call.opens_at)
    with pytest.raises(services.ApplicationError, match="de 1 à 3"):
        services.application_call_update(call=call, max_choices=4)


def test_a_call_is_not_published_before_its_cohort_has_a_published_challenge():
    from tests.factories import CohortFactory

    cohort = CohortFactory()
    ChallengeFactory(cohort=cohort, is_published=False)
    fields = {
        "cohort": cohort,
        "title": "Appel EIG 10",
        "opens_at": timezone.now() + timedelta(days=1),
        "closes_at": timezone.now() + timedelta(days=30),
    }

    with pytest.raises(services.ApplicationError, match="aucun défi publié"):
        services.application_call_open(**fields)
    draft = services.application_call_open(**fields, is_published=False)
    with pytest.raises(services.ApplicationError, match="aucun défi publié"):
        services.application_call_update(call=draft, is_published=True)
    draft.refresh_from_db()
    assert not draft.is_published

    ChallengeFactory(cohort=cohort)
    services.application_call_update(call=draft, is_published=True)
    assert draft.is_published


def test_pre_selection_waits_for_the_call_to_close():
    staff = UserFactory(staff=True)
    open_call = ApplicationFactory(submitted=True)
    closed_call = ApplicationFactory(submitted=True, call=ApplicationCallFactory(closed=True))

    with pytest.raises(services.ApplicationError, match="reste ouvert aux candidatures"):
        services.application_transition(
            application=open_call, to=ApplicationState.PRESELECTED, by=staff
        )
    with pytest.raises(services.ApplicationError, match="reste ouvert aux candidatures"):
        services.application_transition(
            application=open_call, to=ApplicationState.NOT_PRESELECTED, by=staff
        )
    _changed, refused = services.applications_bulk_transition(
        applications=[open_call], to=ApplicationState.PRESELECTED, by=staff
    )
    assert "reste ouvert aux candidatures" in refused[0][1]
    _application, changed = services.application_transition(
        application=closed_call, to=ApplicationState.PRESELECTED, by=staff
    )

    open_call.refresh_from_db()
    assert open_call.state == ApplicationState.SUBMITTED
    assert changed


def test_audition_and_decision_states_are_not_set_in_bulk_nor_from_the_application():
    staff = UserFactory(staff=True)
    call = ApplicationCallFactory(closed=True)
    preselected = ApplicationFactory(submitted=True, call=call, state=ApplicationState.PRESELECTED)
    auditioned = ApplicationFactory(submitted=True, call=call, state=ApplicationState.AUDITIONED)

    for application, target in (
        (auditioned, ApplicationState.LAUREATE),
        (auditioned, ApplicationState.REFUSED),
        (preselected, ApplicationState.AUDITION_SCHEDULED),
    ):
        with pytest.raises(services.ApplicationError, match="plusieurs candidatures"):
            services.applications_bulk_transition(applications=[application], to=target, by=staff)
    with pytest.raises(services.ApplicationError, match="écran des décisions"):
        services.application_transition(
            application=auditioned, to=ApplicationState.LAUREATE, by=staff
        )
    with pytest.raises(services.ApplicationError, match="écran des auditions"):
        services.application_transition(
            application=preselected, to=ApplicationState.AUDITION_SCHEDULED, by=staff
        )

    preselected.refresh_from_db()
    auditioned.refresh_from_db()
    assert preselected.state == ApplicationState.PRESELECTED
    assert auditioned.state == ApplicationState.AUDITIONED
    assert not Email.objects.exists()


def test_the_search_document_holds_the_whole_text_folded():
    application = ApplicationFactory(complete=True, first_name="Hélène")
    services.application_update(
        application=application,
        by=application.candidate,
        section="competences",
        fields={"skills": "Sécurité, Éco-conception"},
    )

    application.refresh_from_db()
    assert "helene" in application.search_document
    assert "securite eco conception" in application.search_document
    assert fold(application.choices.get().challenge.title) in application.search_document


def test_available_from_is_a_date_in_the_history():
    application = ApplicationFactory(submitted=True)

    services.application_update(
        application=application,
        by=application.candidate,
        section="disponibilite",
        fields={"available_from": date(2019, 2, 1)},
    )

    revision = ApplicationRevision.objects.get(application=application, section="disponibilite")
    assert revision.changes == {"available_from": ["2019-01-14", "2019-02-01"]}
    assert timezone.is_aware(revision.at)
