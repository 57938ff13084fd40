"""The purge anonymises what the jury and the audition panels wrote about an
unsuccessful application past its period, and nothing about the others."""

import pytest

from eig.auditions.models import Audition
from eig.privacy import services
from eig.selection.models import Conflict, ReviewAssignment, ReviewMessage, StaffNote
from tests.auditions.factories import AuditionFactory
from tests.privacy.test_purge import now, old_call, world  # noqa: F401 (fixtures)
from tests.selection.factories import ConflictFactory, ReviewAssignmentFactory

pytestmark = pytest.mark.django_db


def _jury_words(application):
    review = ReviewAssignmentFactory(
        application=application, submitted=True, comment="Très bon dossier, Lyon."
    )
    ConflictFactory(application=application, reason="Ancien collègue.")
    ReviewMessage.objects.create(application=application, body="D'accord avec toi.")
    StaffNote.objects.create(application=application, body="Appelé le 3 mai.")
    audition = AuditionFactory(application=application)
    Audition.objects.filter(pk=audition.pk).update(comment="Convaincante.", cancel_reason="x")
    return review


def test_jury_and_panel_words_go_with_the_application(world, now):  # noqa: F811
    refused, kept = world["refused"], world["laureate"]
    review = _jury_words(refused)
    _jury_words(kept)

    services.purge_personal_data(now=now)

    review.refresh_from_db()
    assert review.comment == "" and len(review.scores()) == 6  # the scores stay
    assert not Conflict.objects.filter(application=refused).exclude(reason="").exists()
    assert not ReviewMessage.objects.filter(application=refused).exists()
    assert not StaffNote.objects.filter(application=refused).exists()
    assert Audition.objects.get(application=refused).comment == ""
    # A laureate keeps everything.
    assert ReviewAssignment.objects.get(application=kept).comment == "Très bon dossier, Lyon."
    assert StaffNote.objects.filter(application=kept).exists()
    assert Audition.objects.get(application=kept).comment == "Convaincante."
