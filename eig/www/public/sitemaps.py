"""sitemap.xml: every public page, as a sitemap index of sections.

Public: anyone (crawlers). /sitemap.xml is the index; each section is served
at /sitemap-<section>.xml in pages of LIMIT addresses (?p=2…), so that the
index and each page run a fixed number of queries whatever the data size.

The interface is translated, so fixed pages are listed in French and in
English with hreflang alternates. Défis, cohorts, people and events are
written in French: they are listed at their French address. News and
programme pages carry their own language: each is listed at its address in
that language, with its published translations as alternates.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from eig.challenges.models import Challenge, Mentor
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import Page, Post
from eig.events.models import Event

LIMIT = 2000  # addresses per sitemap page (the protocol allows 50 000)
PROGRAMME_SLUG = "programme"  # the page shown at /programme/ (eig/content/views.py)

STATIC_PAGES = [
    "core:home",
    "cohorts:list",
    "challenges:list",
    "cohorts:fellow_list",
    "content:post_list",
    "content:press",
    "events:list",
    "applications:candidature",
    "proposals:call_public",
    "opendata:index",
    "content:faq",
    "content:legal_notice",
    "content:accessibility",
    "content:site_map",
    "content:cookies",
    "privacy:notice",
]


class StaticPagesSitemap(Sitemap):
    """The fixed pages of the site, in every language of the interface."""

    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        names = []
        for name in STATIC_PAGES:
            try:
                reverse(name)
            except NoReverseMatch:
                continue  # that page's app is not installed
            names.append(name)
        return names

    def location(self, name: str) -> str:
        return reverse(name)


class ObjectSitemap(Sitemap):
    """The published objects of one model, oldest first, at their French address."""

    limit = LIMIT
    fields = ("pk", "slug", "updated_at")

    def published(self) -> QuerySet:
        raise NotImplementedError

    def items(self) -> QuerySet:
        return self.published().only(*self.fields).order_by("pk")

    def location(self, obj) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return obj.get_absolute_url()

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        """For the index: one aggregate instead of loading every object."""
        return self.published().aggregate(latest=Max("updated_at"))["latest"]


class CohortSitemap(ObjectSitemap):
    def published(self):
        return Cohort.objects.published()


class ChallengeSitemap(ObjectSitemap):
    fields = ("pk", "year", "slug", "updated_at")

    def published(self):
        return Challenge.objects.published()


class FellowSitemap(ObjectSitemap):
    def published(self):
        return Fellow.objects.public()


class MentorSitemap(ObjectSitemap):
    def published(self):
        return Mentor.objects.filter(is_public=True)


class EventSitemap(ObjectSitemap):
    def published(self):
        return Event.objects.published()


class TranslatedSitemap(ObjectSitemap):
    """Texts with a language: each at its own address, its translations as alternates."""

    fields = ("pk", "slug", "language", "translation_of_id", "updated_at")

    def path(self, obj) -> str:
        return obj.get_absolute_url()

    def location(self, obj) -> str:
        with translation.override(obj.language):
            return self.path(obj)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        groups = self._versions({url["item"].translation_of_id or url["item"].pk for url in urls})
        for url in urls:
            item = url["item"]
            versions = groups.get(item.translation_of_id or item.pk, {})
            if len(versions) < 2:
                continue  # no published translation
            url["alternates"] = [
                {"lang_code": language, "location": root + self.location(version)}
                for language, version in sorted(versions.items())
            ]
            default = versions.get(settings.LANGUAGE_CODE)
            if default is not None:
                url["alternates"].append(
                    {"lang_code": "x-default", "location": root + self.location(default)}
                )
        return urls

    def _versions(self, roots: set[int]) -> dict[int, dict[str, object]]:
        """The published versions of each original, by language (one query)."""
        groups: dict[int, dict[str, object]] = defaultdict(dict)
        versions = (
            self.published()
            .filter(Q(pk__in=roots) | Q(translation_of_id__in=roots))
            .only(*self.fields)
            .order_by("pk")
        )
        for version in versions:
            groups[version.translation_of_id or version.pk].setdefault(version.language, version)
        return groups


class PostSitemap(TranslatedSitemap):
    def published(self):
        return Post.objects.published()


class PageSitemap(TranslatedSitemap):
    def published(self):
        from eig.content.legal import LEGAL_PAGES

        # The mandatory pages are listed with the fixed pages.
        return Page.objects.published().exclude(slug__in=LEGAL_PAGES)

    def path(self, page) -> str:
        if page.slug == PROGRAMME_SLUG:
            return reverse("content:programme")
        return page.get_absolute_url()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "programme": PageSitemap,
    "promotions": CohortSitemap,
    "defis": ChallengeSitemap,
    "eig": FellowSitemap,
    "mentors": MentorSitemap,
    "actualites": PostSitemap,
    "evenements": EventSitemap,
}
