"""Staff: the media library (list, upload, detail and edit, delete)."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.applications.uploads import LimitedUploadHandler, fields_too_large
from eig.core.pagination import paginate
from eig.medialibrary import selectors, services
from eig.medialibrary.services import MediaError, MediaInUse
from eig.studio.registry import BY_MODEL
from eig.www.gestion.media.forms import MediaEditForm, MediaFilterForm, MediaUploadForm

PER_PAGE = 24


def _media_or_404(pk: int):
    media = selectors.media_by_pk(pk)
    if media is None:
        raise Http404
    return media


def _limited_uploads(view):
    """Count the upload's bytes as they arrive (the largest limit), before CSRF
    reads the body: the same check as eig/applications/views/uploads.py."""
    protected = csrf_protect(view)

    def wrapper(request, *args, **kwargs):
        request.upload_handlers.insert(
            0, LimitedUploadHandler(request, limit=services.MAX_UPLOAD_BYTES)
        )
        return protected(request, *args, **kwargs)

    return csrf_exempt(wraps(view)(wrapper))


@role_required(Role.STAFF)
def media_list(request):
    form = MediaFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.media_files(**filters), PER_PAGE)
    return render(
        request,
        "gestion/media/list.html",
        {
            "form": form,
            "page_obj": page,
            "is_filtered": bool(filters["query"] or filters["kind"]),
        },
    )


@_limited_uploads
@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def media_upload(request):
    if request.method == "POST":
        form = MediaUploadForm(request.POST, request.FILES)
        too_large = "file" in fields_too_large(request)
        if too_large:
            form.errors  # noqa: B018 - validate first, then replace the file's error
            form.errors.pop("file", None)
            form.add_error("file", services.too_large_text())
        elif form.is_valid():
            try:
                media = services.upload_media(
                    actor=request.user,
                    uploaded_file=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    alt=form.cleaned_data["alt"],
                    credit=form.cleaned_data["credit"],
                )
            except MediaError as error:
                form.add_media_error(error)
            else:
                messages.success(request, _("Le fichier est ajouté à la médiathèque."))
                return redirect("gestion:media_detail", pk=media.pk)
    else:
        form = MediaUploadForm()
    return render(request, "gestion/media/upload.html", {"form": form})


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def media_detail(request, pk: int):
    media = _media_or_404(pk)
    if request.method == "POST":
        form = MediaEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_media(media, actor=request.user, **form.cleaned_data)
            except MediaError as error:
                form.add_media_error(error)
            else:
                messages.success(request, _("Les informations du fichier sont enregistrées."))
                return redirect("gestion:media_detail", pk=media.pk)
    else:
        form = MediaEditForm(
            initial={"title": media.title, "alt": media.alt, "credit": media.credit}
        )
    return render(
        request,
        "gestion/media/detail.html",
        {"media": media, "form": form, "usages": _with_studio_links(selectors.media_usages(media))},
    )


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def media_delete(request, pk: int):
    media = _media_or_404(pk)
    usages = selectors.media_usages(media)
    if request.method == "POST":
        try:
            services.delete_media(media, actor=request.user)
        except MediaInUse as refused:
            messages.error(request, refused.message)
            usages = refused.usages
        else:
            messages.success(request, _("Le fichier est supprimé de la médiathèque."))
            return redirect("gestion:media_list")
    status = 409 if request.method == "POST" else 200
    return render(
        request,
        "gestion/media/delete.html",
        {"media": media, "usages": _with_studio_links(usages)},
        status=status,
    )


def _with_studio_links(usages) -> list[dict]:
    """Each usage with the address of its content's page in the studio, where
    staff change it ("" for content the studio does not edit)."""
    shown = []
    for usage in usages:
        kind = BY_MODEL.get(type(usage.owner))
        edit_url = reverse("gestion:studio_edit", args=[kind.key, usage.owner.pk]) if kind else ""
        shown.append({"usage": usage, "edit_url": edit_url})
    return shown
