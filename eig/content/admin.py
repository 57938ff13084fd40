from django.contrib import admin

from eig.content.models import FaqItem, Page, Post, PostAttachment, PressLink, Testimonial


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "language", "is_published", "position"]
    list_filter = ["language", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


class AttachmentInline(admin.TabularInline):
    model = PostAttachment
    extra = 0


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "language", "is_published"]
    list_filter = ["language", "is_published"]
    search_fields = ["title", "body", "lede"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["translation_of"]
    inlines = [AttachmentInline]


@admin.register(PressLink)
class PressLinkAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "year", "is_published"]
    list_filter = ["section", "year", "is_published"]
    search_fields = ["title", "url"]


@admin.register(FaqItem)
class FaqItemAdmin(admin.ModelAdmin):
    list_display = ["question", "audience", "language", "position"]
    list_filter = ["audience", "language"]
    search_fields = ["question", "answer"]


@admin.register(Testimonial)
class TestimonialAdmin(admin.ModelAdmin):
    list_display = ["author", "author_position", "position"]
