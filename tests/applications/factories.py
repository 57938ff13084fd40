"""Factories for applications: ApplicationFactory(complete=True, submitted=True),
`pdf_bytes()` for a small valid PDF, `candidate_with_application()`."""

import io
from datetime import date, timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from eig.accounts.models import Role
from eig.applications.models import (
    Application,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationState,
    ApplicationTransition,
    DocumentKind,
)
from eig.cohorts.models import Profile
from tests.accounts.factories import make_user
from tests.factories import ApplicationCallFactory, ChallengeFactory


def pdf_bytes(pages: int = 1) -> bytes:
    """A real, tiny PDF (pypdf writes it): what a candidate's CV looks like."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# A Windows executable renamed `cv.pdf`: MZ header, PE stub text.
FAKE_PDF = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"This program cannot be run in DOS mode.\r\n" * 20
)


def candidate(**kwargs):
    return make_user(Role.CANDIDATE, **kwargs)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(ApplicationCallFactory)
    candidate = factory.LazyFunction(candidate)
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")

    class Params:
        complete = factory.Trait(
            phone="06 12 34 56 78",
            city="Lyon",
            profile=Profile.DEVELOPER,
            experience="Cinq ans de développement web dans une coopérative.",
            skills="Python, Django, PostgreSQL, accessibilité.",
            general_interest="Contributrice à OpenStreetMap.",
            code_url="https://github.com/camille",
            available_from=factory.LazyFunction(lambda: date(2019, 1, 14)),
            full_time=True,
            consent_at=factory.LazyFunction(timezone.now),
            with_choice=factory.RelatedFactory(
                "tests.applications.factories.ApplicationChoiceFactory",
                factory_related_name="application",
                rank=1,
            ),
            with_cv=factory.RelatedFactory(
                "tests.applications.factories.ApplicationDocumentFactory",
                factory_related_name="application",
            ),
        )
        submitted = factory.Trait(
            complete=True,
            state=ApplicationState.SUBMITTED,
            submitted_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            log=factory.RelatedFactory(
                "tests.applications.factories.ApplicationTransitionFactory",
                factory_related_name="application",
            ),
        )

    @factory.post_generation
    def search_document(self, create, extracted, **kwargs):
        if create:
            from eig.applications.services import refresh_search_document

            refresh_search_document(self)


class ApplicationChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationChoice

    rank = 1
    challenge = factory.LazyAttribute(lambda o: ChallengeFactory(cohort=o.application.call.cohort))
    motivation = "Les données ouvertes au service des usagers."


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDocument

    kind = DocumentKind.CV
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="cv.pdf"))
    original_name = "cv-camille.pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    sha256 = "0" * 64
    pages = 1


class ApplicationTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationTransition

    from_state = ApplicationState.DRAFT
    to_state = ApplicationState.SUBMITTED
    by = factory.LazyAttribute(lambda o: o.application.candidate)
