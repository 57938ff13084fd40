from django.contrib import admin

from eig.proposals.models import (
    ChallengeCall,
    Proposal,
    ProposalMentor,
    ProposalReview,
    ProposalTransition,
)


@admin.register(ChallengeCall)
class ChallengeCallAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "opens_at", "closes_at", "is_published"]
    list_filter = ["cohort"]


class MentorInline(admin.TabularInline):
    model = ProposalMentor
    extra = 0
    exclude = ["mentor"]


class TransitionInline(admin.TabularInline):
    model = ProposalTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


class ReviewInline(admin.TabularInline):
    model = ProposalReview
    fk_name = "proposal"
    extra = 0
    readonly_fields = ["reviewer", "assigned_by", "assigned_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Read and fix data; the lifecycle goes through /gestion/ (logged transitions)."""

    list_display = ["title", "organization", "call", "state", "funding", "updated_at"]
    list_filter = ["state", "funding", "call"]
    search_fields = ["title", "organization__name"]
    readonly_fields = ["state", "submitted_at", "funding", "challenge", "author"]
    inlines = [MentorInline, ReviewInline, TransitionInline]
