from django.db import models
from django.utils.translation import gettext_lazy as _


class Redirect(models.Model):
    """An address of an imported site and the page that replaces it (301).

    Written by the import, which knows each record's old addresses (the
    original site's `_redirects`, the current site's `/defis/<slug>/`,
    `/personnes/<slug>/`, …); read on a 404 by `eig.www.middleware`, in one
    query. The target is a URL name and its arguments, reversed in the
    language of the request, or a fixed address (a stored document).
    """

    old_path = models.CharField(_("ancienne adresse"), max_length=400, unique=True)
    url_name = models.CharField(_("page"), max_length=100, blank=True)
    url_kwargs = models.JSONField(_("paramètres de la page"), default=dict, blank=True)
    target_path = models.CharField(_("adresse fixe"), max_length=500, blank=True)
    language = models.CharField(_("langue"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("redirection")
        verbose_name_plural = _("redirections")
        ordering = ["old_path"]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.url_name or self.target_path}"
