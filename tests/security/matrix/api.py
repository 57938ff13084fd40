"""The public REST API: read-only, the same answer for everyone; nothing
private (applications, proposals, people) has an address in it."""

from tests.security.matrix import Row, everyone

PUBLIC = Row(everyone(200))

ROWS = {
    "api:root": PUBLIC,
    "api:openapi": PUBLIC,
    "api:docs": PUBLIC,
    "api:cohort-list": PUBLIC,
    "api:cohort-detail": Row(everyone(200), kwargs=lambda w: {"slug": w.cohort.slug}),
    "api:challenge-list": PUBLIC,
    "api:challenge-detail": Row(
        everyone(200), kwargs=lambda w: {"year": w.challenge.year, "slug": w.challenge.slug}
    ),
    "api:organization-list": PUBLIC,
    "api:organization-detail": Row(everyone(200), kwargs=lambda w: {"slug": w.organization.slug}),
    "api:fellow-list": PUBLIC,
    "api:fellow-detail": Row(everyone(200), kwargs=lambda w: {"slug": w.fellow.slug}),
    "api:post-list": PUBLIC,
    "api:post-detail": Row(
        everyone(200), kwargs=lambda w: {"language": w.post.language, "slug": w.post.slug}
    ),
    "api:event-list": PUBLIC,
    "api:event-detail": Row(everyone(200), kwargs=lambda w: {"slug": w.event.slug}),
    # Any other address under /api/v1/, a guessed private one included: a JSON 404.
    "api:not-found": Row(everyone(404), path=lambda w: "/api/v1/applications/"),
}
