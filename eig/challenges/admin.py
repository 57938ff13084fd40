from django.contrib import admin

from eig.challenges.models import (
    Challenge,
    ChallengeKeyFigure,
    ChallengeMentor,
    ChallengeProject,
    Mentor,
    Skill,
    Theme,
)


class KeyFigureInline(admin.TabularInline):
    model = ChallengeKeyFigure
    extra = 0


class ProjectInline(admin.StackedInline):
    model = ChallengeProject
    extra = 0


class ChallengeMentorInline(admin.TabularInline):
    model = ChallengeMentor
    extra = 0
    autocomplete_fields = ["mentor"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "cohort", "organization", "funding", "is_published"]
    list_filter = ["cohort", "is_published", "funding", "themes", "skills"]
    search_fields = ["title", "pitch", "organization_label"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organization"]
    filter_horizontal = ["skills", "themes"]
    list_select_related = ["cohort", "organization"]
    inlines = [KeyFigureInline, ProjectInline, ChallengeMentorInline]


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ["name", "position_title", "is_public"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "profile"]
