"""Each kind of personal data: what it is, why it is held, on what legal
basis, and how long (`settings.EIG_RETENTION`, in days).

The privacy page (eig/privacy/views.py) and the purge (eig/privacy/services.py)
both read this table and the setting, so that what the page says is what the
purge does. docs/privacy.md justifies each period.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

PUBLIC_TASK = _("Mission d'intérêt public (article 6.1.e du RGPD) : sélectionner les EIG.")
SECURITY = _("Mission d'intérêt public et sécurité du traitement (articles 6.1.e et 32 du RGPD).")


@dataclass(frozen=True)
class Kind:
    key: str
    data: str
    purpose: str
    legal_basis: str
    starts: str  # from when the period counts
    action: str  # what happens at its end


KINDS = (
    Kind(
        key="draft_applications",
        data=_("Candidatures jamais déposées (brouillons), avec leur CV"),
        purpose=_("Vous permettre de préparer votre candidature jusqu'à la clôture."),
        legal_basis=PUBLIC_TASK,
        starts=_("après la clôture de l'appel"),
        action=_("supprimées"),
    ),
    Kind(
        key="unsuccessful_applications",
        data=_(
            "Candidatures non retenues, retirées ou abandonnées : identité, coordonnées, "
            "parcours, motivations, messages échangés"
        ),
        purpose=_(
            "Répondre à vos questions sur la sélection et vous recontacter pour un prochain "
            "appel, comme le permet le référentiel de la CNIL sur le recrutement."
        ),
        legal_basis=PUBLIC_TASK,
        starts=_("après le dernier contact (clôture, décision ou dernier message)"),
        action=_(
            "anonymisées : seules restent des données statistiques (profil, défis choisis, issue)"
        ),
    ),
    Kind(
        key="cvs",
        data=_(
            "CV et pièces jointes des candidatures non retenues, et CV remplacés par une "
            "version plus récente"
        ),
        purpose=_("Évaluer votre candidature."),
        legal_basis=PUBLIC_TASK,
        starts=_("après le dernier contact, ou après leur remplacement"),
        action=_("supprimés"),
    ),
    Kind(
        key="event_registrations",
        data=_("Inscriptions aux événements : nom et adresse e-mail"),
        purpose=_("Organiser l'événement, vous en envoyer l'invitation et les changements."),
        legal_basis=PUBLIC_TASK,
        starts=_("après l'événement"),
        action=_("supprimées"),
    ),
    Kind(
        key="login_attempts",
        data=_("Tentatives de connexion et requêtes limitées : adresse e-mail saisie, adresse IP"),
        purpose=_("Protéger les comptes contre les essais de mots de passe et les abus."),
        legal_basis=SECURITY,
        starts=_("après la tentative"),
        action=_("supprimées"),
    ),
    Kind(
        key="email_bodies",
        data=_("Contenu des courriels envoyés par la plateforme"),
        purpose=_("Prouver ce qui vous a été envoyé (accusés de réception, décisions)."),
        legal_basis=PUBLIC_TASK,
        starts=_("après l'envoi"),
        action=_("effacé (restent le destinataire, l'objet et la date)"),
    ),
    Kind(
        key="emails",
        data=_("Trace des courriels envoyés : destinataire, objet, date"),
        purpose=_("Prouver qu'un courriel vous a été envoyé, et quand."),
        legal_basis=PUBLIC_TASK,
        starts=_("après l'envoi"),
        action=_("supprimée"),
    ),
    Kind(
        key="audit_log",
        data=_(
            "Journal d'audit : qui a consulté ou modifié une candidature, un CV, une "
            "évaluation, et quand"
        ),
        purpose=_(
            "Contrôler les accès aux candidatures et pouvoir répondre à une plainte ou à un "
            "contrôle."
        ),
        legal_basis=SECURITY,
        starts=_("après l'événement"),
        action=_("supprimé"),
    ),
)

KEYS = tuple(kind.key for kind in KINDS)


def retention_days(key: str) -> int:
    return int(settings.EIG_RETENTION[key])


def duration_label(days: int) -> str:
    """365 → "1 an", 730 → "2 ans", 180 → "6 mois", 45 → "45 jours"."""
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(n)d an", "%(n)d ans", years) % {"n": years}
    if days and days % 30 == 0:
        return ngettext("%(n)d mois", "%(n)d mois", days // 30) % {"n": days // 30}
    return ngettext("%(n)d jour", "%(n)d jours", days) % {"n": days}


def retention_table() -> list[dict]:
    """The rows of the privacy page, in order."""
    return [
        {
            "kind": kind,
            "days": retention_days(kind.key),
            "duration": duration_label(retention_days(kind.key)),
        }
        for kind in KINDS
    ]
