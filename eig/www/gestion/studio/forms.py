"""The studio's forms: one per kind of public content, and the workflow's.

The forms hold no public flag: whether an item is public is the workflow's
business (eig/studio/services.py), never a checkbox in an edit form.
"""

from django import forms
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

from eig.challenges.models import Challenge, Mentor
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import FaqItem, Page, Post, PressLink, Testimonial
from eig.content.selectors import post_categories
from eig.organizations.models import Organization, OrganizationKind
from eig.studio.models import EditorialStatus
from eig.www.gestion.markdown.forms import LinkCheckMixin
from eig.www.gestion.markdown.widgets import MarkdownTextarea
from eig.www.gestion.media.fields import MediaImageChoiceField, media_for_url, media_url


def _textarea(rows: int = 8):
    return forms.Textarea(attrs={"rows": rows})


def _datetime_input():
    """Entered to the minute, in Europe/Paris time (the site's time zone)."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formfield(field, **kwargs):
    """An address typed without its scheme is read as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


SLUG_HELP = _("Laissé vide, il est tiré du titre. Il fait partie de l'adresse de la page.")


class StudioForm(LinkCheckMixin, DsfrBaseForm, forms.ModelForm):
    """A slug left empty is made from `slug_source`."""

    slug_source = "title"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP
        self.adjust_fields()
        for field in self.fields.values():
            if isinstance(field.widget, MarkdownTextarea):
                field.widget.label = str(field.label or "")  # names its preview region
        # The bound fields were made (and styled) by DsfrBaseForm before the
        # changes above: made again, they show the new labels, hints and widgets.
        self._bound_fields_cache.clear()
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def adjust_fields(self):
        """A form's own changes to its fields (querysets, widgets, hints)."""

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug"):
            source = cleaned.get(self.slug_source) or ""
            slug = slugify(str(source))[: self._meta.model._meta.get_field("slug").max_length]
            if not slug:
                self.add_error("slug", _("Donnez un identifiant (lettres, chiffres, tirets)."))
            cleaned["slug"] = slug
            self.instance.slug = slug
        return cleaned


class LibraryImageMixin:
    """A picture chosen in the media library fills the item's picture field
    (`library_image_field`, its address); the address may still be typed for
    an older picture."""

    library_image_field = "image"

    def _add_library_image(self):
        target = self.library_image_field
        fields = {}
        for name, field in self.fields.items():
            if name == target:
                fields["library_image"] = MediaImageChoiceField(
                    label=_("Image de la médiathèque"), required=False
                )
                fields["library_image"].widget.attrs.setdefault("class", "fr-select")
                field.required = False
                field.label = _("… ou adresse d'une image")
            fields[name] = field
        self.fields = fields
        if self.instance.pk and getattr(self.instance, target, ""):
            self.initial.setdefault("library_image", media_for_url(getattr(self.instance, target)))

    def _clean_library_image(self, cleaned):
        media = cleaned.get("library_image")
        if media is not None:
            target = self.library_image_field
            cleaned[target] = media_url(media)
            setattr(self.instance, target, cleaned[target])
        return cleaned


class CohortForm(StudioForm):
    slug_source = "name"

    class Meta:
        model = Cohort
        formfield_callback = _formfield
        fields = [
            "programme",
            "name",
            "slug",
            "number",
            "year",
            "description",
            "starts_on",
            "ends_on",
            "declared_fellows",
            "declared_challenges",
            "declared_candidates",
            "declared_auditioned",
            "declared_mentors",
            "declared_designers",
            "declared_developers",
            "declared_data_scientists",
            "declared_challenges_cofunded",
            "declared_challenges_remarked",
            "declared_challenge_proposals",
            "declared_challenge_proposals_auditioned",
        ]
        widgets = {
            "description": MarkdownTextarea(top_heading=2),
            "starts_on": _date_input(),
            "ends_on": _date_input(),
        }

    def adjust_fields(self):
        programme = self.fields["programme"]
        if not self.instance.pk and programme.queryset.count() == 1:
            programme.initial = programme.queryset.get().pk

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("La fin doit suivre le début."))
        return cleaned


class OrganizationForm(StudioForm):
    slug_source = "name"

    class Meta:
        model = Organization
        formfield_callback = _formfield
        fields = ["name", "slug", "acronym", "kind", "parent", "website"]

    def adjust_fields(self):
        ministries = Organization.objects.filter(kind=OrganizationKind.MINISTRY).order_by("name")
        if self.instance.pk:
            ministries = ministries.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = ministries


class CommaListField(forms.CharField):
    """A JSON list of words, typed as a text with commas."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(word) for word in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        words = []
        for word in (text or "").split(","):
            word = " ".join(word.split())
            if word and word not in words:
                words.append(word)
        return words

    def has_changed(self, initial, data):
        return self.to_python(self.prepare_value(initial)) != self.to_python(data)


class ChoicesField(forms.ModelMultipleChoiceField):
    """A multiple choice where an empty value sent (no box ticked) is no choice."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [choice for choice in value if choice not in ("", None)]
        elif value == "":
            value = []
        return super().clean(value)


class ChallengeForm(LibraryImageMixin, StudioForm):
    team = ChoicesField(
        label=_("L'équipe"),
        queryset=Fellow.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )

    class Meta:
        model = Challenge
        formfield_callback = _formfield
        fields = [
            "title",
            "slug",
            "cohort",
            "year",
            "pitch",
            "body",
            "organization",
            "organization_label",
            "town",
            "duration_months",
            "themes",
            "skills",
            "funding",
            "image",
            "website",
            "is_startup_detat",
            "startup_detat_url",
        ]
        widgets = {"body": MarkdownTextarea(top_heading=3), "pitch": _textarea(3)}

    def adjust_fields(self):
        self.fields["cohort"].queryset = Cohort.objects.order_by("-year", "-number")
        self.fields["organization"].queryset = Organization.objects.order_by("name")
        self.fields["themes"].widget = forms.CheckboxSelectMultiple()
        self.fields["themes"].queryset = self.fields["themes"].queryset.order_by("name")
        self.fields["skills"].widget = forms.CheckboxSelectMultiple()
        self.fields["skills"].queryset = self.fields["skills"].queryset.order_by("label")
        self.fields["image"].help_text = _("Adresse d'une image déjà sur le site.")
        self._add_library_image()
        self.fields["year"].required = False
        self.fields["year"].help_text = _("Laissée vide : l'année de la promotion.")
        self._adjust_team()

    def _adjust_team(self):
        """The défi's team among the fellows of its cohort (and those already in
        it); a new défi's among every fellow, in a list of a few lines."""
        team = self.fields["team"]
        fellows = Fellow.objects.order_by("name", "pk")
        if self.instance.pk:
            current = list(self.instance.fellows.values_list("pk", flat=True))
            self.initial.setdefault("team", current)
            if self.instance.cohort_id:
                fellows = fellows.filter(
                    models.Q(cohorts=self.instance.cohort_id) | models.Q(pk__in=current)
                ).distinct()
            team.help_text = _("Les EIG de la promotion du défi ; cochez les membres de l'équipe.")
        else:
            team.widget = forms.SelectMultiple(attrs={"size": 10})
            team.help_text = _(
                "Tous les EIG, par nom : maintenez Ctrl (ou Cmd) pour en choisir plusieurs."
            )
        team.queryset = fellows

    def clean(self):
        cleaned = super().clean()
        cohort, year = cleaned.get("cohort"), cleaned.get("year")
        if cohort is not None and not year:
            cleaned["year"] = cohort.year
            self.instance.year = cohort.year
        return self._clean_library_image(cleaned)


PROFILE_LINKS = ["github", "gitlab", "linkedin", "twitter", "website"]
CHALLENGES_SHOWN = 12  # rows of the défis' list: about 130 to choose from


def _challenge_choices() -> list:
    """The défis grouped by cohort, newest first (a `<select multiple>`
    with one group per cohort: usable without JavaScript)."""
    groups: dict[str, list] = {}
    challenges = Challenge.objects.select_related("cohort").order_by(
        "-cohort__year", "-cohort__number", "title"
    )
    for challenge in challenges:
        cohort = challenge.cohort.name if challenge.cohort_id else str(_("Sans promotion"))
        groups.setdefault(cohort, []).append((challenge.pk, challenge.title))
    return list(groups.items())


class PersonForm(LibraryImageMixin, StudioForm):
    """A person's public profile (an EIG, a mentor). Whether it is public is
    the workflow's: publish it only with the person's consent."""

    slug_source = "name"
    library_image_field = "photo_url"

    def adjust_fields(self):
        cohorts = self.fields["cohorts"]
        cohorts.widget = forms.CheckboxSelectMultiple()
        cohorts.queryset = Cohort.objects.order_by("-year", "-number")
        self.fields["photo_url"].help_text = _("Adresse d'une photo déjà sur le site.")
        self._add_library_image()
        self.fields["library_image"].label = _("Photo de la médiathèque")
        self.fields["github"].help_text = _("Identifiant ou adresse du compte.")
        self.fields["gitlab"].help_text = _("Identifiant ou adresse du compte.")
        self.fields["twitter"].help_text = _("Identifiant (@…) ou adresse du compte.")

    def clean(self):
        return self._clean_library_image(super().clean())


class FellowForm(PersonForm):
    class Meta:
        model = Fellow
        formfield_callback = _formfield
        fields = [
            "name",
            "slug",
            "profile",
            "profile_label",
            "cohorts",
            "challenges",
            "bio",
            "photo_url",
            *PROFILE_LINKS,
            "next_steps",
        ]
        widgets = {
            "bio": MarkdownTextarea(top_heading=2),
            "next_steps": MarkdownTextarea(top_heading=3, guide=False),
        }

    def adjust_fields(self):
        super().adjust_fields()
        challenges = self.fields["challenges"]
        challenges.widget = forms.SelectMultiple(
            attrs={"size": CHALLENGES_SHOWN, "class": "fr-select"}
        )
        challenges.choices = _challenge_choices()
        challenges.help_text = _(
            "Par promotion. Pour en choisir plusieurs, maintenez la touche Ctrl "
            "(Cmd sur Mac) en cliquant."
        )


class MentorForm(PersonForm):
    class Meta:
        model = Mentor
        formfield_callback = _formfield
        fields = ["name", "slug", "position_title", "cohorts", "bio", "photo_url", *PROFILE_LINKS]
        widgets = {"bio": MarkdownTextarea(top_heading=2)}


class PostForm(LibraryImageMixin, StudioForm):
    categories = CommaListField(
        label=_("Catégories"), required=False, help_text=_("Séparées par des virgules.")
    )
    tags = CommaListField(
        label=_("Mots-clés"), required=False, help_text=_("Séparés par des virgules.")
    )
    press_name = forms.CharField(label=_("Contact presse : nom"), required=False, max_length=200)
    press_email = forms.EmailField(label=_("Contact presse : adresse e-mail"), required=False)
    press_phones = forms.CharField(
        label=_("Contact presse : téléphones"),
        required=False,
        max_length=300,
        help_text=_("Séparés par des virgules, par exemple « 01 40 15 00 00, 06 00 00 00 00 »."),
    )

    class Meta:
        model = Post
        formfield_callback = _formfield
        fields = [
            "title",
            "slug",
            "language",
            "translation_of",
            "published_at",
            "author",
            "description",
            "lede",
            "body",
            "image",
            "categories",
            "tags",
        ]
        widgets = {
            "published_at": _datetime_input(),
            "description": _textarea(3),
            "lede": MarkdownTextarea(top_heading=2, guide=False),
            "body": MarkdownTextarea(top_heading=2),
        }

    def adjust_fields(self):
        self.fields["published_at"].help_text = _(
            "La date affichée sur l'actualité, heure de Paris. Sa mise en ligne dépend "
            "de son état (brouillon, programmée, publiée)."
        )
        translations = Post.objects.filter(translation_of__isnull=True).order_by("-published_at")
        if self.instance.pk:
            translations = translations.exclude(pk=self.instance.pk)
        self.fields["translation_of"].queryset = translations
        self.fields["image"].help_text = _("Adresse d'une image déjà sur le site.")
        self._add_library_image()
        used = post_categories()
        if used:
            self.fields["categories"].help_text = _(
                "Séparées par des virgules. Déjà utilisées : %(categories)s."
            ) % {"categories": ", ".join(used)}
        contact = (
            self.instance.press_contact if isinstance(self.instance.press_contact, dict) else {}
        )
        phones = contact.get("tel") or []
        if isinstance(phones, str):
            phones = [phones]
        self.initial.setdefault("press_name", contact.get("name") or contact.get("nom") or "")
        self.initial.setdefault("press_email", contact.get("email") or "")
        self.initial.setdefault("press_phones", ", ".join(str(phone) for phone in phones))

    def clean(self):
        cleaned = self._clean_library_image(super().clean())
        phones = [
            " ".join(phone.split())
            for phone in (cleaned.get("press_phones") or "").split(",")
            if phone.strip()
        ]
        name, email = cleaned.get("press_name") or "", cleaned.get("press_email") or ""
        contact = {}
        if name or email or phones:
            contact = {"name": name.strip(), "email": email, "tel": phones}
        self.instance.press_contact = contact
        return cleaned


class PageForm(StudioForm):
    class Meta:
        model = Page
        formfield_callback = _formfield
        fields = ["title", "slug", "language", "translation_of", "lede", "body", "position"]
        widgets = {
            "lede": MarkdownTextarea(top_heading=2, guide=False),
            "body": MarkdownTextarea(top_heading=2),
        }

    def adjust_fields(self):
        pages = Page.objects.filter(translation_of__isnull=True).order_by("title")
        if self.instance.pk:
            pages = pages.exclude(pk=self.instance.pk)
        self.fields["translation_of"].queryset = pages


class PressLinkForm(StudioForm):
    class Meta:
        model = PressLink
        formfield_callback = _formfield
        fields = ["section", "section_position", "title", "url", "year", "position"]


class FaqItemForm(StudioForm):
    class Meta:
        model = FaqItem
        formfield_callback = _formfield
        fields = ["audience", "language", "question", "answer", "anchor", "position"]
        widgets = {"answer": _textarea(6)}


class TestimonialForm(StudioForm):
    class Meta:
        model = Testimonial
        formfield_callback = _formfield
        fields = ["text", "author", "author_position", "position"]
        widgets = {"text": _textarea(5)}


FORMS = {
    "promotions": CohortForm,
    "administrations": OrganizationForm,
    "defis": ChallengeForm,
    "eig": FellowForm,
    "mentors": MentorForm,
    "actualites": PostForm,
    "pages": PageForm,
    "presse": PressLinkForm,
    "faq": FaqItemForm,
    "temoignages": TestimonialForm,
}


class ListFilterForm(DsfrBaseForm):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous les états")), *EditorialStatus.choices],
    )


class ScheduleForm(DsfrBaseForm):
    publish_at = forms.DateTimeField(
        label=_("Mise en ligne le"),
        help_text=_("Heure de Paris."),
        widget=_datetime_input(),
    )
    unpublish_at = forms.DateTimeField(
        label=_("Retrait le (facultatif)"),
        help_text=_("Heure de Paris. Laissé vide, le contenu reste en ligne."),
        required=False,
        widget=_datetime_input(),
    )


class PublishForm(DsfrBaseForm):
    unpublish_at = forms.DateTimeField(
        label=_("Retrait le (facultatif)"),
        help_text=_("Heure de Paris. Laissé vide, le contenu reste en ligne."),
        required=False,
        widget=_datetime_input(),
    )
