"""The content studio's screens (/gestion/contenus/): staff edit, review,
schedule, publish and unpublish every kind of public content, preview it as
the public will see it, and read and restore its versions. Every write goes
through eig/studio/services.py."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.audit.selectors import with_actor_names
from eig.challenges.selectors import challenge_detail_queryset, mentor_detail_queryset
from eig.challenges.views import render_challenge, render_mentor
from eig.cohorts.selectors import cohorts_with_counts, fellow_detail_queryset
from eig.cohorts.views import render_cohort, render_fellow
from eig.content.selectors import post_for_preview
from eig.content.views import render_page, render_post
from eig.core.pagination import breadcrumb, paginate
from eig.studio import selectors, services
from eig.studio.models import EditorialStatus
from eig.studio.registry import BY_KEY, ContentKind
from eig.www.gestion.studio.forms import FORMS, ListFilterForm, PublishForm, ScheduleForm
from eig.www.gestion.studio.relations import all_valid, parts_for, pending_fields, show_pending

S = EditorialStatus
PER_PAGE = 50
PREVIEW_LANGUAGES = ("fr", "en")

# What each status change is called on its button and its confirmation page.
STATUS_ACTIONS = {
    S.DRAFT: gettext_lazy("Remettre en brouillon"),
    S.REVIEW: gettext_lazy("Envoyer en relecture"),
    S.SCHEDULED: gettext_lazy("Programmer la publication"),
    S.PUBLISHED: gettext_lazy("Publier"),
    S.UNPUBLISHED: gettext_lazy("Retirer du site public"),
}


def _kind(key: str) -> ContentKind:
    kind = BY_KEY.get(key)
    if kind is None:
        raise Http404("No such kind of content.")
    return kind


def _studio_crumbs(*links):
    return (
        (_("Gestion"), reverse("gestion:home")),
        (
            _("Contenus du site"),
            reverse("gestion:studio_home"),
        ),
        *links,
    )


def _kind_link(kind):
    return (str(kind.label_plural), reverse("gestion:studio_list", args=[kind.key]))


@role_required(Role.STAFF)
def studio_home(request):
    """Staff: each kind of public content with its counts, and what waits for review."""
    context = {
        "overview": selectors.kinds_overview(),
        "waiting": selectors.waiting_for_review(),
        "breadcrumb_data": breadcrumb(
            _("Contenus du site"), (_("Gestion"), reverse("gestion:home"))
        ),
    }
    return render(request, "gestion/studio/home.html", context)


@role_required(Role.STAFF)
def studio_list(request, kind: str):
    """Staff: the items of one kind, searchable, filtered by state, paginated."""
    kind = _kind(kind)
    filters = ListFilterForm(request.GET or None)
    query = status = ""
    if filters.is_valid():
        query, status = filters.cleaned_data["q"], filters.cleaned_data["status"]
    page = paginate(request, selectors.items(kind, query=query, status=status), PER_PAGE)
    context = {
        "kind": kind,
        "filters": filters,
        "page_obj": page,
        "statuses": dict(S.choices),
        "breadcrumb_data": breadcrumb(str(kind.label_plural), *_studio_crumbs()),
    }
    return render(request, "gestion/studio/list.html", context)


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def studio_create(request, kind: str):
    """Staff: a new item, saved as a draft (nothing is public by default)."""
    kind = _kind(kind)
    form = FORMS[kind.key](request.POST or None)
    parts = parts_for(kind.key, form, request.POST or None)
    if request.method == "POST" and all_valid(form, parts):
        item = services.save_item(
            actor=request.user,
            item=form.save(commit=False),
            save_m2m=form.save_m2m,
            related=parts,
        )
        messages.success(
            request,
            _("« %(item)s » est enregistré en brouillon : il n'est pas public.") % {"item": item},
        )
        return redirect("gestion:studio_edit", kind.key, item.pk)
    context = {
        "kind": kind,
        "form": form,
        "parts": parts,
        "breadcrumb_data": breadcrumb(_("Nouveau"), *_studio_crumbs(_kind_link(kind))),
    }
    return render(request, "gestion/studio/form.html", context)


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def studio_edit(request, kind: str, pk: int):
    """Staff: edit an item; its state, its actions, its preview and its versions."""
    kind = _kind(kind)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "preview" and kind.key in PREVIEWABLE:
        # The change as the public page would show it, saved nowhere.
        form = FORMS[kind.key](request.POST, instance=_preview_item(kind, pk))
        parts = parts_for(kind.key, form, request.POST)
        if all_valid(form, parts):
            pending = pending_fields(form, parts)
            show_pending(form.instance, parts)
            return _render_preview(
                request, kind, form.instance, request.POST.get("langue", "fr"), pending=pending
            )
    item = get_object_or_404(kind.model, pk=pk)
    form = FORMS[kind.key](request.POST or None, instance=item)
    parts = parts_for(kind.key, form, request.POST or None)
    if request.method == "POST" and action == "save" and all_valid(form, parts):
        services.save_item(
            actor=request.user,
            item=form.save(commit=False),
            save_m2m=form.save_m2m,
            related=parts,
        )
        messages.success(request, _("Modifications enregistrées."))
        return redirect("gestion:studio_edit", kind.key, item.pk)
    if not form.is_bound:
        form.run_link_check()  # the saved texts' links, shown under their fields
    state = selectors.editorial_state(item)
    status = services.status_of(item, state)
    context = {
        "kind": kind,
        "item": item,
        "form": form,
        "parts": parts,
        "state": state,
        "status": status,
        "status_label": S(status).label,
        "actions": _actions(kind, item, status),
        "previews": _previews(kind, item),
        "previewable": kind.key in PREVIEWABLE,
        "erase_url": reverse("gestion:studio_erase", args=[kind.key, item.pk])
        if kind.is_person
        else "",
        "public_url": _public_url(item) if kind.is_public(item) else "",
        "breadcrumb_data": breadcrumb(str(item), *_studio_crumbs(_kind_link(kind))),
    }
    return render(request, "gestion/studio/form.html", context)


def _actions(kind, item, status) -> list[dict]:
    if not kind.has_workflow:
        return []
    return [
        {
            "status": target,
            "label": STATUS_ACTIONS[target],
            "url": reverse("gestion:studio_status", args=[kind.key, item.pk, target]),
            "primary": target == S.PUBLISHED,
        }
        for target in (S.REVIEW, S.SCHEDULED, S.PUBLISHED, S.UNPUBLISHED, S.DRAFT)
        if target in services.TRANSITIONS[status]
    ]


PREVIEWABLE = {"promotions", "defis", "eig", "mentors", "actualites", "pages"}


def _previews(kind, item) -> list[dict]:
    if kind.key not in PREVIEWABLE:
        return []
    url = reverse("gestion:studio_preview", args=[kind.key, item.pk])
    return [
        {"language": code, "label": label, "url": f"{url}?langue={code}"}
        for code, label in ((("fr", _("Aperçu en français")), ("en", _("Aperçu en anglais"))))
    ]


def _public_url(item) -> str:
    getter = getattr(item, "get_absolute_url", None)
    try:
        return getter() if getter else ""
    except Exception:  # noqa: BLE001 — an item whose page needs data it lacks
        return ""


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def studio_status(request, kind: str, pk: int, status: str):
    """Staff: confirm, then apply, a change of state (to review, scheduled,
    published, unpublished, draft); each one is written to the audit log."""
    kind = _kind(kind)
    item = get_object_or_404(kind.model, pk=pk)
    if status not in S.values or not kind.has_workflow:
        raise Http404("No such state.")
    form_class = {S.SCHEDULED: ScheduleForm, S.PUBLISHED: PublishForm}.get(status)
    data = request.POST if request.method == "POST" else None
    form = form_class(data) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            services.set_status(
                actor=request.user,
                item=item,
                status=status,
                publish_at=data.get("publish_at"),
                unpublish_at=data.get("unpublish_at"),
            )
        except services.StudioError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("« %(item)s » : %(status)s.") % {"item": item, "status": S(status).label.lower()},
            )
            return redirect("gestion:studio_edit", kind.key, item.pk)
    current = services.status_of(item, selectors.editorial_state(item))
    link_warnings = []
    if status in (S.PUBLISHED, S.SCHEDULED):
        edit_form = FORMS[kind.key](instance=item)
        edit_form.run_link_check()
        link_warnings = edit_form.all_link_warnings
    context = {
        "link_warnings": link_warnings,
        "kind": kind,
        "item": item,
        "form": form,
        "target": status,
        "target_label": STATUS_ACTIONS[status],
        "current_label": S(current).label,
        "allowed": status in services.TRANSITIONS[current],
        "breadcrumb_data": breadcrumb(
            STATUS_ACTIONS[status],
            *_studio_crumbs(
                _kind_link(kind),
                (str(item), reverse("gestion:studio_edit", args=[kind.key, item.pk])),
            ),
        ),
    }
    return render(request, "gestion/studio/status.html", context)


def _preview_item(kind, pk: int):
    """The item loaded as its public page loads it, published or not."""
    if kind.key == "defis":
        return get_object_or_404(challenge_detail_queryset(published_only=False), pk=pk)
    if kind.key == "promotions":
        return get_object_or_404(cohorts_with_counts(published_only=False), pk=pk)
    if kind.key == "eig":
        return get_object_or_404(fellow_detail_queryset(public_only=False), pk=pk)
    if kind.key == "mentors":
        return get_object_or_404(mentor_detail_queryset(public_only=False), pk=pk)
    if kind.key == "actualites":
        item = post_for_preview(pk)
        if item is None:
            raise Http404("No such post.")
        return item
    return get_object_or_404(kind.model, pk=pk)


RENDERERS = {
    "defis": render_challenge,
    "promotions": render_cohort,
    "eig": render_fellow,
    "mentors": render_mentor,
    "actualites": render_post,
    "pages": render_page,
}


def _render_preview(request, kind, item, language: str, *, pending=None):
    """The public page of `item` in `language`, with the staff's notice; for
    a change not yet saved, `pending` is every field of its bound form and
    of its parts (formsets), carried in the notice so that nothing typed is
    lost."""
    if language not in PREVIEW_LANGUAGES:
        language = "fr"
    edit_url = reverse("gestion:studio_edit", args=[kind.key, item.pk])
    with translation.override(language):
        request.LANGUAGE_CODE = language
        extra = {"preview": {"edit_url": edit_url, "language": language, "pending": pending}}
        response = RENDERERS[kind.key](request, item, extra=extra)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@role_required(Role.STAFF)
def studio_preview(request, kind: str, pk: int):
    """Staff: the item exactly as its public page shows it, published or not,
    in French or in English (?langue=en); never cached, never indexed."""
    kind = _kind(kind)
    if kind.key not in PREVIEWABLE:
        raise Http404("No preview for this kind.")
    item = _preview_item(kind, pk)
    return _render_preview(request, kind, item, request.GET.get("langue", "fr"))


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def studio_erase(request, kind: str, pk: int):
    """Staff: confirm, then erase, a person's profile (an EIG, a mentor) with
    every version of it (personal data); the audit log keeps the fact."""
    kind = _kind(kind)
    if not kind.is_person:
        raise Http404("Only a person's profile is erased.")
    item = get_object_or_404(kind.model, pk=pk)
    if request.method == "POST":
        name = str(item)
        services.erase_person(actor=request.user, person=item)
        messages.success(
            request, _("Le profil « %(item)s » et ses versions sont effacés.") % {"item": name}
        )
        return redirect("gestion:studio_list", kind.key)
    context = {
        "kind": kind,
        "item": item,
        "versions": item.history.count(),
        "breadcrumb_data": breadcrumb(
            _("Effacer le profil"),
            *_studio_crumbs(
                _kind_link(kind),
                (str(item), reverse("gestion:studio_edit", args=[kind.key, item.pk])),
            ),
        ),
    }
    return render(request, "gestion/studio/erase.html", context)


@role_required(Role.STAFF)
def studio_versions(request, kind: str, pk: int):
    """Staff: every version of an item (who, when, what changed) and its audit log."""
    kind = _kind(kind)
    item = get_object_or_404(kind.model, pk=pk)
    context = {
        "kind": kind,
        "item": item,
        "versions": selectors.versions(item),
        "related_versions": selectors.related_versions(item),
        "events": with_actor_names(list(selectors.audit_log(item))),
        "breadcrumb_data": breadcrumb(
            _("Versions et journal"),
            *_studio_crumbs(
                _kind_link(kind),
                (str(item), reverse("gestion:studio_edit", args=[kind.key, item.pk])),
            ),
        ),
    }
    return render(request, "gestion/studio/versions.html", context)


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def studio_restore(request, kind: str, pk: int, history_id: int):
    """Staff: confirm, then restore, an earlier version (itself a new version)."""
    kind = _kind(kind)
    item = get_object_or_404(kind.model, pk=pk)
    record = get_object_or_404(item.history.select_related("history_user"), history_id=history_id)
    if request.method == "POST":
        services.restore_version(actor=request.user, item=item, history_id=history_id)
        messages.success(request, _("La version choisie est restaurée."))
        return redirect("gestion:studio_edit", kind.key, item.pk)
    current = item.history.order_by("-history_id").first()
    changes = []
    if current is not None and current.history_id != record.history_id:
        # current.diff_against(record): each change's `old` is the record's
        # value (what comes back), its `new` the current one (what is there now).
        for change in current.diff_against(record).changes:
            field = item._meta.get_field(change.field)
            if change.field == kind.public_flag:
                continue
            changes.append(
                {"field": str(field.verbose_name), "now": change.new, "back": change.old}
            )
    context = {
        "kind": kind,
        "item": item,
        "record": record,
        "changes": changes,
        "breadcrumb_data": breadcrumb(
            _("Restaurer une version"),
            *_studio_crumbs(
                _kind_link(kind),
                (str(item), reverse("gestion:studio_edit", args=[kind.key, item.pk])),
            ),
        ),
    }
    return render(request, "gestion/studio/restore.html", context)


@role_required(Role.STAFF)
def studio_journal(request):
    """Staff: the audit log of every studio action (who, when, what, on which
    content), newest first, filtered by kind, paginated."""
    kind = BY_KEY.get(request.GET.get("type", ""))
    page = paginate(request, selectors.content_journal(kind=kind), PER_PAGE)
    page.object_list = selectors.with_items(with_actor_names(list(page.object_list)))
    context = {
        "page_obj": page,
        "kinds": BY_KEY.values(),
        "selected": kind,
        "breadcrumb_data": breadcrumb(_("Journal des contenus"), *_studio_crumbs()),
    }
    return render(request, "gestion/studio/journal.html", context)
