"""Every API error is JSON with a clear message, never an HTML page or a trace.

The body is always `{"status": <code>, "error": <machine code>, "detail":
<sentence>}`, plus `fields` for invalid query parameters.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from eig.accounts.permissions import public

logger = logging.getLogger("eig.api")


def error_body(status: int, code: str, detail: str, **extra) -> dict:
    return {"status": status, "error": code, "detail": detail, **extra}


def _message(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.NotFound):
        return _("Cette ressource n'existe pas, ou la page demandée est hors limites.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _(
            "L'API est en lecture seule : seules les méthodes GET, HEAD et OPTIONS sont admises."
        )
    if isinstance(exc, exceptions.ValidationError):
        return _("Paramètres invalides : voir « fields ».")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("L'API ne répond qu'en JSON (application/json).")
    return str(exc.detail) if isinstance(exc.detail, str) else _("Requête refusée.")


def exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's exception handler for the whole API: JSON for every failure."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.APIException):
        extra = {}
        if isinstance(exc, exceptions.ValidationError):
            extra["fields"] = exc.detail
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        code = exc.get_codes() if isinstance(exc.detail, str) else exc.default_code
        body = error_body(exc.status_code, str(code), _message(exc), **extra)
        set_rollback()
        return Response(body, status=exc.status_code, headers=headers)

    # A bug: log it with its trace for us, answer a plain JSON 500 to the client.
    view = context.get("view")
    logger.error("Unhandled error in %s", type(view).__name__, exc_info=exc)
    set_rollback()
    return Response(
        error_body(500, "server_error", _("Erreur interne du serveur. Elle a été signalée.")),
        status=500,
    )


@public
def not_found(request, *args, **kwargs):
    """Public: anyone. Any unknown address under /api/v1/ answers a JSON 404.

    An address missing only its final slash is redirected, as Django's
    APPEND_SLASH would do if this catch-all did not match first.
    """
    if not request.path_info.endswith("/"):
        match = _resolve(request.path_info + "/")
        if match is not None and match.url_name != "not-found":
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse(
        error_body(
            404,
            "not_found",
            _("Cette adresse n'existe pas dans l'API. La liste des ressources est à %(root)s.")
            % {"root": "/api/v1/"},
        ),
        status=404,
    )


def _resolve(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None
