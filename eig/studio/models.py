"""The editorial state of public content, and its versions.

A public item (a cohort, a défi, a post, a page…) keeps its own `is_published`
flag (a person's profile: `is_public`, their consent), which every public
selector reads. The studio adds beside it, in one
table, where the item stands in the editorial workflow: draft, to review,
scheduled for a date, published or unpublished (`EditorialState`). An item
without a row is as its flag says (the imported content). The services keep
the two in step; nothing else writes either.

Versions come from django-simple-history: each save of an edited model writes
a historical row (who, when, every field), registered here so that the
historical tables belong to this app and no other app needs a migration.
A person's versions hold personal data: they go with the person
(`cascade_delete_history`, whatever deletes the profile), and so does the
person's editorial state.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _
from simple_history import register

from eig.challenges.models import (
    Challenge,
    ChallengeKeyFigure,
    ChallengeMentor,
    ChallengeProject,
    Mentor,
)
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import FaqItem, Page, Post, PostAttachment, PressLink, Testimonial
from eig.core.models import TimeStampedModel
from eig.organizations.models import Organization


class EditorialStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    REVIEW = "review", _("À relire")
    SCHEDULED = "scheduled", _("Programmé")
    PUBLISHED = "published", _("Publié")
    UNPUBLISHED = "unpublished", _("Dépublié")


class EditorialStateQuerySet(models.QuerySet):
    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class EditorialState(TimeStampedModel):
    """Where a public item stands in the editorial workflow."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        _("état"), max_length=20, choices=EditorialStatus.choices, default=EditorialStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("publication programmée le"), null=True, blank=True)
    unpublish_at = models.DateTimeField(_("retrait programmé le"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dernière action par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EditorialStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("état éditorial")
        verbose_name_plural = _("états éditoriaux")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="unique_editorial_state"
            )
        ]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.status}"


# The public content whose every change keeps a version (django-simple-history).
# The search document is derived from the other fields: no version of its own.
HISTORY_OPTIONS = {"app": "eig.studio", "user_related_name": "+"}
register(Cohort, **HISTORY_OPTIONS)
register(Organization, **HISTORY_OPTIONS)
register(Challenge, excluded_fields=["search_document", "other_source_keys"], **HISTORY_OPTIONS)
register(Post, excluded_fields=["other_source_keys"], **HISTORY_OPTIONS)
register(Page, **HISTORY_OPTIONS)
register(PressLink, **HISTORY_OPTIONS)
register(FaqItem, **HISTORY_OPTIONS)
register(Testimonial, **HISTORY_OPTIONS)
# People: their versions hold personal data and are deleted with them.
register(
    Fellow, excluded_fields=["other_source_keys"], cascade_delete_history=True, **HISTORY_OPTIONS
)
register(
    Mentor, excluded_fields=["other_source_keys"], cascade_delete_history=True, **HISTORY_OPTIONS
)


def _forget_editorial_state(sender, instance, using, **kwargs):
    """A deleted person's editorial state goes with them (a generic relation
    has no cascade of its own)."""
    EditorialState.objects.using(using).filter(
        content_type=ContentType.objects.db_manager(using).get_for_model(sender),
        object_id=instance.pk,
    ).delete()


for _person_model in (Fellow, Mentor):
    post_delete.connect(
        _forget_editorial_state,
        sender=_person_model,
        dispatch_uid=f"studio_forget_state_{_person_model._meta.label_lower}",
    )
# The rows the studio edits beside a défi or a post (eig/www/gestion/studio/relations.py).
register(ChallengeMentor, **HISTORY_OPTIONS)
register(ChallengeKeyFigure, **HISTORY_OPTIONS)
register(ChallengeProject, **HISTORY_OPTIONS)
register(PostAttachment, **HISTORY_OPTIONS)
