from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.core.models import ImportedModel, TimeStampedModel, other_source_keys_field


class Language(models.TextChoices):
    FR = "fr", _("Français")
    EN = "en", _("Anglais")


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(ImportedModel):
    """A programme page written in Markdown by staff (`/programme/…`)."""

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=200)
    language = models.CharField(
        _("langue"), max_length=5, choices=Language.choices, default=Language.FR
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("traduction de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    lede = models.TextField(_("chapeau"), blank=True)
    body = models.TextField(_("contenu (Markdown)"), blank=True)
    layout = models.CharField(_("gabarit d'origine"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre dans le menu"), default=0)
    is_published = models.BooleanField(_("publiée"), default=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="unique_page_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from eig.content.legal import LEGAL_PAGES

        if self.slug in LEGAL_PAGES:
            return reverse(LEGAL_PAGES[self.slug])
        return reverse("content:page", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Post(ImportedModel):
    """A news item or press release (actualité, communiqué de presse).

    The fields follow the original site's front matter: `chapeau-text` is the
    lede, `une-ou-diaporama` the images, `files` the attachments,
    `contact-presse` the press contact.
    """

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=200)
    other_source_keys = other_source_keys_field()
    language = models.CharField(
        _("langue"), max_length=5, choices=Language.choices, default=Language.FR
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("traduction de"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    published_at = models.DateTimeField(_("date de publication"))
    author = models.CharField(_("auteur·rice"), max_length=200, blank=True)
    author_twitter = models.CharField(_("Twitter de l'auteur·rice"), max_length=100, blank=True)
    description = models.TextField(_("résumé"), blank=True)
    lede = models.TextField(_("chapeau (Markdown)"), blank=True)
    body = models.TextField(_("contenu (Markdown)"), blank=True)
    image = models.CharField(_("image principale"), max_length=500, blank=True)
    images = models.JSONField(_("images (une ou diaporama)"), default=list, blank=True)
    categories = models.JSONField(_("catégories"), default=list, blank=True)
    tags = models.JSONField(_("mots-clés"), default=list, blank=True)
    press_contact = models.JSONField(
        _("contact presse"),
        default=dict,
        blank=True,
        help_text=_("{name, email, tel: [..]}"),
    )
    layout = models.CharField(_("gabarit d'origine"), max_length=50, blank=True)
    is_published = models.BooleanField(_("publiée"), default=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="unique_post_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:post_detail", kwargs={"slug": self.slug})

    @property
    def is_press_release(self) -> bool:
        return any("communiqué" in str(c).lower() for c in self.categories)


class PostAttachment(models.Model):
    """A file attached to a post (`files` with its `nom`)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    url = models.CharField(_("fichier"), max_length=500)
    name = models.CharField(_("libellé"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["post", "position"]

    def __str__(self) -> str:
        return self.name or self.url


class PressLink(ImportedModel):
    """A curated external article of the press review, grouped by section."""

    section = models.CharField(_("rubrique"), max_length=200)
    section_position = models.PositiveSmallIntegerField(_("ordre de la rubrique"), default=0)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=500)
    url = models.URLField(_("lien"), max_length=1000)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    is_published = models.BooleanField(_("publié"), default=True)

    class Meta:
        verbose_name = _("article de la revue de presse")
        verbose_name_plural = _("revue de presse")
        ordering = ["-year", "section_position", "position"]

    def __str__(self) -> str:
        return self.title


class FaqAudience(models.TextChoices):
    CANDIDATES = "candidates", _("Candidat·es")
    ADMINISTRATIONS = "administrations", _("Administrations")


class FaqItem(ImportedModel):
    audience = models.CharField(_("public"), max_length=20, choices=FaqAudience.choices)
    language = models.CharField(
        _("langue"), max_length=5, choices=Language.choices, default=Language.FR
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    question = models.CharField(_("question"), max_length=500)
    answer = models.TextField(_("réponse (HTML assaini)"))
    anchor = models.SlugField(_("ancre"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("question fréquente")
        verbose_name_plural = _("questions fréquentes")
        ordering = ["audience", "language", "position"]

    def __str__(self) -> str:
        return self.question


class Testimonial(TimeStampedModel):
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.TextField(_("témoignage"))
    author = models.CharField(_("auteur·rice"), max_length=200)
    author_position = models.CharField(_("fonction"), max_length=500, blank=True)
    source_key = models.CharField(max_length=300, blank=True, db_index=True)

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.author} : {self.text[:50]}"
