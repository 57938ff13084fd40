"""Addresses of the original static site (Jekyll) and where they lead now."""

import re

# Pages of the original site, without the language prefix (`/en/…` is the same).
FIXED_REDIRECTS = {
    "index.html": "core:home",
    "presentation.html": "content:programme",
    "a-propos.html": "content:programme",
    "accompagnement.html": "content:programme",
    "realisations.html": "challenges:list",
    "defis.html": "challenges:list",
    "communaute.html": "cohorts:fellow_list",
    "blog.html": "content:post_list",
    "blog": "content:post_list",
    "revue-de-presse.html": "content:press",
    "faq.html": "content:faq",
    "faq-eig.html": "content:faq",
    "faq-administrations.html": "content:faq",
    "candidature-eig.html": "applications:candidature",
    "candidature.html": "applications:candidature",
    "evenements.html": "events:list",
    # The English pages of the original site had English names.
    "program-presentation.html": "content:programme",
    "coaching-provision.html": "content:programme",
    "achievements.html": "challenges:list",
    "challenges.html": "challenges:list",
    "community.html": "cohorts:fellow_list",
    "faq-entrepreneur.html": "content:faq",
    "faq-administration.html": "content:faq",
}

LEGACY_CHALLENGE = re.compile(r"^/defis/(?P<year>\d{4})/(?P<slug>[-\w]+)\.html$")
LEGACY_PERSON = re.compile(r"^/communaute/(?P<year>\d{4})/(?P<slug>[-\w]+)\.html$")
