"""What the studio edits beside an item's own fields: a défi's mentors, key
figures, achievements and outcome, a post's attachments.

Each part is a Django inline formset (a few empty rows to fill, a box to
delete a row, the rows in their order), or, for a défi's outcome, a small
form with its links' formset. Everything is plain HTML: no JavaScript adds
or removes a row; a row left empty is ignored. The parts are checked with the
item's form and saved by `services.save_item`, in the item's transaction.

A part whose fields were not sent at all (a request made without them) is
left as it is: nothing is deleted because a form did not show it.
"""

from types import SimpleNamespace

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

from eig.challenges.models import (
    Challenge,
    ChallengeKeyFigure,
    ChallengeMentor,
    ChallengeProject,
    Mentor,
    MentorKind,
)
from eig.cohortlife.models import ChallengeOutcome, OutcomeLink, OutcomeStatus
from eig.content.models import Post, PostAttachment
from eig.medialibrary.selectors import library_documents
from eig.studio import services
from eig.www.gestion.media.fields import MediaDocumentChoiceField, media_for_url, media_url
from eig.www.gestion.studio.forms import _formfield

EXTRA_ROWS = 2


class RowForm(DsfrBaseForm, forms.ModelForm):
    """One row of an item's formset; its order, left empty, follows the rows'."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"].required = False
            self.fields["position"].help_text = _("Laissé vide : à la suite.")
            if self.instance.pk is None:
                self.fields["position"].initial = None
        self.adjust_fields()
        self._bound_fields_cache.clear()
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def adjust_fields(self):
        """A row form's own changes to its fields."""


class RowFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Supprimer cette ligne")
            form._bound_fields_cache.clear()

    def clean(self):
        super().clean()
        # A row without its order comes after the others, in the form's order.
        last = 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed():
                continue
            position = form.cleaned_data.get("position")
            if position is None:
                last += 1
                form.instance.position = last
            else:
                last = max(last, position)


class MentorshipForm(RowForm):
    def adjust_fields(self):
        self.fields["mentor"].queryset = Mentor.objects.order_by("name")


class ProjectForm(RowForm):
    pass


class KeyFigureForm(RowForm):
    pass


class OutcomeLinkForm(RowForm):
    pass


class AttachmentForm(RowForm):
    """A document of the media library, or the address of a file."""

    def adjust_fields(self):
        fields = {
            "library_document": MediaDocumentChoiceField(
                label=_("Document de la médiathèque"), required=False
            )
        }
        fields["library_document"].widget.attrs.setdefault("class", "fr-select")
        for name, field in self.fields.items():
            fields[name] = field
        fields["url"].required = False
        fields["url"].label = _("… ou adresse du fichier")
        self.fields = fields
        if self.instance.pk and self.instance.url:
            self.initial.setdefault(
                "library_document", media_for_url(self.instance.url, library_documents())
            )

    def clean(self):
        cleaned = super().clean()
        media = cleaned.get("library_document")
        if media is not None:
            cleaned["url"] = media_url(media)
            self.instance.url = cleaned["url"]
        elif not cleaned.get("url") and not cleaned.get("DELETE"):
            self.add_error("url", _("Choisissez un document ou donnez l'adresse du fichier."))
        return cleaned


def _factory(parent, model, form, fields, widgets=None):
    return inlineformset_factory(
        parent,
        model,
        form=form,
        formset=RowFormSet,
        fields=fields,
        widgets=widgets or {},
        formfield_callback=_formfield,
        extra=EXTRA_ROWS,
        can_delete=True,
        can_delete_extra=False,
    )


MentorshipFormSet = _factory(
    Challenge, ChallengeMentor, MentorshipForm, ["mentor", "kind", "position"]
)
KeyFigureFormSet = _factory(
    Challenge,
    ChallengeKeyFigure,
    KeyFigureForm,
    ["amount", "prefix", "suffix", "description", "position"],
)
ProjectFormSet = _factory(
    Challenge,
    ChallengeProject,
    ProjectForm,
    ["title", "description", "url", "call_to_action", "image", "position"],
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
)
OutcomeLinkFormSet = _factory(
    ChallengeOutcome, OutcomeLink, OutcomeLinkForm, ["kind", "title", "url", "position"]
)
AttachmentFormSet = _factory(Post, PostAttachment, AttachmentForm, ["url", "name", "position"])


def _sent(data, prefix: str) -> bool:
    return data is not None and f"{prefix}-TOTAL_FORMS" in data


class FormsetPart:
    """A formset shown in its own fieldset of the item's form."""

    template = "gestion/studio/_formset.html"

    def __init__(self, key, title, formset_class, *, data, instance, hint=""):
        self.key, self.title, self.hint = key, title, hint
        self.formset = formset_class(
            data if _sent(data, key) else None, instance=instance, prefix=key
        )

    @property
    def forms(self):
        return [self.formset]

    def is_valid(self) -> bool:
        return not self.formset.is_bound or self.formset.is_valid()

    def hidden_fields(self):
        """Every field, to be carried through the preview."""
        return [*self.formset.management_form, *(f for row in self.formset for f in row)]

    def save(self, *, item, actor):
        if not self.formset.is_bound:
            return {}
        self.formset.instance = item
        return services.save_rows(self.formset, actor=actor)

    def preview(self, item) -> None:
        """Show the typed rows on `item`'s page (a preview: nothing saved)."""
        if not self.formset.is_bound:
            return
        rows = _typed_rows(self.formset)
        if self.key == "mentorships":
            rows = [row for row in rows if row.mentor.is_public]
            order = {MentorKind.OPERATIONAL: 0, MentorKind.STRATEGIC: 1}
            rows.sort(key=lambda row: (order.get(row.kind, 2), row.position, row.mentor.name))
            item.public_mentorships = rows
        else:
            _show_rows(item, self.formset.fk.remote_field.get_accessor_name(), rows)


class OutcomeForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = ChallengeOutcome
        fields = ["status", "summary", "is_published"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        status.required = False
        status.choices = [("", _("Aucun résultat affiché")), *OutcomeStatus.choices]
        status.help_text = _(
            "Choisir « Aucun résultat affiché » supprime le résultat et ses liens."
        )
        self._bound_fields_cache.clear()
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)


class OutcomePart:
    """What the défi delivered (cohort life's outcome): its status, summary
    and links; shown on the défi's page when it is published there."""

    key = "outcome"
    template = "gestion/studio/_outcome.html"
    title = _("Ce que le défi a donné")

    def __init__(self, *, data, challenge):
        outcome = getattr(challenge, "outcome", None) if challenge.pk else None
        self.existing = outcome
        outcome = outcome or ChallengeOutcome()  # (its défi is set when saved)
        sent = _sent(data, "outcome_links")
        self.form = OutcomeForm(data if sent else None, instance=outcome, prefix="outcome")
        self.links = OutcomeLinkFormSet(
            data if sent else None, instance=outcome, prefix="outcome_links"
        )
        self.links_title = _("Liens du résultat")

    @property
    def forms(self):
        return [self.form, self.links]

    def is_valid(self) -> bool:
        if not self.form.is_bound:
            return True
        valid = self.form.is_valid() & self.links.is_valid()
        if valid and not self.form.cleaned_data.get("status"):
            kept = [
                row
                for row in self.links
                if row.has_changed()
                and not row.cleaned_data.get("DELETE")
                and row.instance.pk is None
            ]
            if kept:
                self.form.add_error(
                    "status", _("Choisissez un statut pour publier ces liens, ou retirez-les.")
                )
                valid = False
        return valid

    def hidden_fields(self):
        return [
            *self.form,
            *self.links.management_form,
            *(field for row in self.links for field in row),
        ]

    def preview(self, item) -> None:
        if not self.form.is_bound:
            return
        if not self.form.cleaned_data.get("status"):
            item._state.fields_cache["outcome"] = None
            return
        outcome = self.form.instance
        links = _typed_rows(self.links)
        links.sort(key=lambda link: (link.kind, link.position))
        item._state.fields_cache["outcome"] = SimpleNamespace(
            status=outcome.status,
            get_status_display=outcome.get_status_display,
            summary=outcome.summary,
            is_published=outcome.is_published,
            links=SimpleNamespace(all=lambda: links),
        )

    def save(self, *, item, actor):
        if not self.form.is_bound:
            return {}
        if not self.form.cleaned_data.get("status"):
            if self.existing is None:
                return {}
            services.delete_row(self.existing, actor=actor)
            return {"deleted": 1}
        outcome = self.form.save(commit=False)
        outcome.challenge = item
        outcome.updated_by = actor
        created = outcome.pk is None
        changed = created or self.form.has_changed()
        services.save_row(outcome, actor=actor)
        self.links.instance = outcome
        counts = services.save_rows(self.links, actor=actor)
        return {
            "added": int(created),
            "changed": int(changed and not created),
            "links_added": counts["added"],
            "links_changed": counts["changed"],
            "links_deleted": counts["deleted"],
        }


class TeamPart:
    """The défi's team: the fellows ticked in the défi's form (`team`)."""

    key = "team"
    template = ""

    def __init__(self, form):
        self.form = form

    forms = ()

    def is_valid(self) -> bool:
        return True

    def hidden_fields(self):
        return []

    def save(self, *, item, actor):
        if not self.form.is_bound or "team" not in self.form.cleaned_data:
            return {}
        return services.set_links(item.fellows, self.form.cleaned_data["team"])

    def preview(self, item) -> None:
        team = self.form.cleaned_data.get("team") or []
        item.public_fellows = sorted(
            (fellow for fellow in team if fellow.is_public), key=lambda fellow: fellow.name
        )


def _typed_rows(formset) -> list:
    """The rows a valid formset would keep, as typed, in their order."""
    rows = []
    for row in formset.forms:
        if row.cleaned_data.get("DELETE") or (row.instance.pk is None and not row.has_changed()):
            continue
        rows.append(row.instance)
    rows.sort(key=lambda row: row.position or 0)
    return rows


def _show_rows(item, name: str, rows: list) -> None:
    """`item.<name>.all()` answers `rows` (as a prefetch would), without a query."""
    shown = getattr(item, name).model.objects.none()
    shown._result_cache = rows
    shown._prefetch_done = True
    if not hasattr(item, "_prefetched_objects_cache"):
        item._prefetched_objects_cache = {}
    item._prefetched_objects_cache[name] = shown


def show_pending(item, parts) -> None:
    """Put the typed rows of every part on `item`, for its preview."""
    for part in parts:
        part.preview(item)


def parts_for(kind_key: str, form, data) -> list:
    """The parts edited beside `form`'s item, bound to `data` (None: unbound)."""
    item = form.instance
    if kind_key == "defis":
        return [
            TeamPart(form),
            FormsetPart(
                "mentorships",
                _("Mentors"),
                MentorshipFormSet,
                data=data,
                instance=item,
                hint=_("Le rôle range le mentor parmi les mentors opérationnels ou stratégiques."),
            ),
            FormsetPart(
                "key_figures", _("Chiffres clés"), KeyFigureFormSet, data=data, instance=item
            ),
            FormsetPart(
                "projects",
                _("Réalisations et liens"),
                ProjectFormSet,
                data=data,
                instance=item,
            ),
            OutcomePart(data=data, challenge=item),
        ]
    if kind_key == "actualites":
        return [
            FormsetPart(
                "attachments",
                _("Pièces jointes"),
                AttachmentFormSet,
                data=data,
                instance=item,
                hint=_("Un document de la médiathèque, ou l'adresse d'un fichier déjà en ligne."),
            )
        ]
    return []


def all_valid(form, parts) -> bool:
    """The form and every part checked (all of them, for every error to show)."""
    results = [form.is_valid(), *(part.is_valid() for part in parts)]
    return all(results)


def pending_fields(form, parts) -> list:
    """Every field of the form and its parts, carried through a preview."""
    fields = list(form)
    for part in parts:
        fields.extend(part.hidden_fields())
    return fields
