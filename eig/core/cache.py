"""The cache of anonymous public pages and API answers, and its invalidation.

How it stays correct with several web processes, each with its own memory:

* The database holds one `ContentVersion` row. Its token changes whenever a
  content model is saved or deleted (see CONTENT_APPS and CONTENT_MODELS), in
  the same transaction as the change, and after every `migrate` (a release
  may change how pages look).
* Every request that may be cached reads that token (one query on a one-row
  table) and looks its answer up under a key made of the token, the language,
  the scheme, host, path and query string. A change therefore reaches every
  process at its next request, whatever the cache backend: per-process memory
  (the default) or a shared one chosen with CACHE_URL (see docs/deployment.md).
* Entries also expire after EIG_PAGE_CACHE_SECONDS (or the answer's own
  `max-age` if longer), which bounds what the token cannot see: pages that
  change with the clock (a call that closes, an event that becomes past) and
  writes that send no signal (`bulk_create`, `QuerySet.update()`); code
  making such writes calls `content_changed()`.

Signal receivers are the one exception to "no signals" (STYLE.md): they hold
no domain logic, only change the token, and they are the one place that sees
every write path (services, admin, importer, shell) without each having to
remember the cache.

What is never cached: anything but a GET or HEAD answered 200; a request with
a session or messages cookie (someone logged in, a message waiting); the
private spaces (/compte/, /espace/, /gestion/, /admin/) and /i18n/; an answer
that sets a cookie (session changed, message queued…), is for a logged-in
user, says private/no-cache/no-store, varies on another header, carries a
CSP nonce, or used the CSRF token (a cached page would hand one visitor's
token to everyone: the header's language form therefore posts none, see
eig/urls.py).
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import quote_etag

from eig.core.models import ContentVersion
from eig.security.csp import page_used_nonce

# Every model of these apps is shown on public pages or in the API.
CONTENT_APPS = frozenset({"organizations", "cohorts", "challenges", "content", "events"})
# And these models of other apps (the rest of those apps is private).
CONTENT_MODELS = frozenset(
    {
        "applications.ApplicationCall",
        "proposals.ChallengeCall",
        "cohortlife.ChallengeOutcome",
        "cohortlife.OutcomeLink",
    }
)
PRIVATE_PREFIXES = ("/compte/", "/espace/", "/gestion/", "/admin/", "/i18n/", "/healthz")
# Built once per process by their own views, from the code alone: no version to read.
CODE_ONLY_PATHS = ("/api/v1/openapi.json", "/api/v1/docs/")
# Headers an answer may vary on and still be cached: the key covers them
# (the language) or they never reach a cached answer (cookies).
ALLOWED_VARY = frozenset({"accept-language", "cookie", "accept-encoding"})
CACHE_HEADER = "X-Cache"
VERSION_ROW = 1


# --- The content version --------------------------------------------------


def content_version() -> str | None:
    """The current token (one query), None when the row is missing.

    Plain SQL: it runs on every cached request, where building an ORM query
    would cost as much as the rest of the answer.
    """
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [VERSION_ROW])
        row = cursor.fetchone()
    return row[0] if row else None


def content_changed(*, using: str = "default") -> None:
    """Give the content a new token: every cached page and API answer is stale."""
    token = uuid.uuid4().hex
    updated = (
        ContentVersion.objects.using(using)
        .filter(pk=VERSION_ROW)
        .update(token=token, changed_at=timezone.now())
    )
    if not updated:
        ContentVersion.objects.using(using).bulk_create(
            [ContentVersion(pk=VERSION_ROW, token=token)], ignore_conflicts=True
        )


def is_content_model(model) -> bool:
    meta = model._meta
    return meta.app_label in CONTENT_APPS or meta.label in CONTENT_MODELS


@receiver(post_save, dispatch_uid="eig.core.cache.saved")
@receiver(post_delete, dispatch_uid="eig.core.cache.deleted")
def _content_saved_or_deleted(sender, using="default", **kwargs):
    if is_content_model(sender):
        content_changed(using=using)


@receiver(m2m_changed, dispatch_uid="eig.core.cache.m2m")
def _content_links_changed(sender, instance, action, using="default", **kwargs):
    # `sender` is the through model, which belongs to the app declaring the field.
    if action.startswith("post_") and (is_content_model(sender) or is_content_model(instance)):
        content_changed(using=using)


def after_migrate(sender, using="default", **kwargs):
    """A release runs `migrate`: pages rendered by the previous code are stale."""
    if ContentVersion._meta.db_table in connections[using].introspection.table_names():
        content_changed(using=using)


# --- What may be cached ---------------------------------------------------


def _site_path(request) -> str:
    """The path without its language prefix (/en/espace/ -> /espace/)."""
    path = request.path_info
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def request_is_cacheable(request) -> bool:
    """Checked before the session, auth and messages middleware run (see below)."""
    if not settings.EIG_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    path = _site_path(request)
    skipped = (*PRIVATE_PREFIXES, *CODE_ONLY_PATHS, settings.STATIC_URL, settings.MEDIA_URL)
    if path.startswith(skipped):
        return False
    # Without a session cookie nobody is logged in, and without a session or a
    # messages cookie no message is waiting to be shown (and used).
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _cache_control(response) -> set[str]:
    return {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part
    }


def response_is_cacheable(request, response) -> bool:
    # A cookie set below (session changed, CSRF token used, message queued) or by
    # the view means an answer for this visitor only.
    if response.status_code != 200 or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if _cache_control(response) & {"private", "no-cache", "no-store"}:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part}
    if vary - ALLOWED_VARY:
        return False
    if "nonce-" in response.get("Content-Security-Policy", "") or page_used_nonce(request):
        return False  # the page holds a nonce meant for this answer only
    if not response.streaming:
        content = response.content
        if len(content) > settings.EIG_PAGE_CACHE_MAX_BYTES or b"csrfmiddlewaretoken" in content:
            return False
    return True


# --- Keys and entries ------------------------------------------------------


def page_key(request, version: str) -> str:
    address = request.build_absolute_uri().encode()
    digest = hashlib.sha256(address).hexdigest()[:40]
    return f"eig:page:{version}:{request.LANGUAGE_CODE}:{digest}"


def _etag(content: bytes) -> str:
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


def _entry(response, content: bytes) -> tuple:
    """What the cache stores: plain values, so that any backend can hold them."""
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    if not response.has_header("ETag"):
        headers.append(("ETag", _etag(content)))
    return (1, response.status_code, tuple(headers), content)


def _response_from(entry: tuple) -> HttpResponse:
    _format, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(len(content))  # a download that was streamed
    return response


def _timeout(response) -> int:
    """EIG_PAGE_CACHE_SECONDS, or longer when the view lets browsers keep its
    answer longer (the API, the downloads): it accepts that staleness already."""
    max_age = 0
    for part in cc_delim_re.split(response.get("Cache-Control", "")):
        name, _sep, value = part.partition("=")
        if name.strip().lower() == "max-age" and value.strip().isdigit():
            max_age = int(value)
    return max(settings.EIG_PAGE_CACHE_SECONDS, max_age)


def _store(key: str, response) -> None:
    timeout = _timeout(response)
    if not response.streaming:
        if not response.has_header("ETag"):
            response["ETag"] = _etag(response.content)
        cache.set(key, _entry(response, response.content), timeout)
        return
    # A streamed download (CSV, JSON) is stored once it has been sent in full
    # and if it is not too large; the visitor still gets it as a stream.
    limit = settings.EIG_PAGE_CACHE_MAX_BYTES
    chunks = response.streaming_content

    def tee():
        parts: list[bytes] | None = []
        size = 0
        for chunk in chunks:
            if parts is not None:
                size += len(chunk)
                if size <= limit:
                    parts.append(chunk)
                else:
                    parts = None
            yield chunk
        if parts is not None:
            cache.set(key, _entry(response, b"".join(parts)), timeout)

    response.streaming_content = tee()


def _public(response) -> None:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, public=True, max_age=settings.EIG_PAGE_MAX_AGE)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))


class PublicCacheMiddleware:
    """Serves anonymous public pages and API answers from the versioned cache.

    Goes right after WhiteNoise, before the session: a cached answer skips the
    rest of the middleware, and what they add to an answer (X-Frame-Options,
    Content-Language, Vary, Content-Length) is stored with it. The language
    is worked out by Django's LocaleMiddleware, called here first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.locale = LocaleMiddleware(get_response)

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        self.locale.process_request(request)
        key = page_key(request, version)
        entry = cache.get(key)
        if entry is not None:
            response = _response_from(entry)
            response[CACHE_HEADER] = "hit"
        else:
            response = self.get_response(request)
            if not response_is_cacheable(request, response):
                return response
            _store(key, response)
            response[CACHE_HEADER] = "miss"
        _public(response)
        if isinstance(response, StreamingHttpResponse):
            return response
        return get_conditional_response(request, etag=response.get("ETag"), response=response)
