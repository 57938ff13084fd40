"""JSON shapes of the public API.

Only public fields: no e-mail, no private note (and the renderer masks any
e-mail address quoted in a text). Every object carries `url` (its address in the API) and,
when it has a public page, `html_url`. Every link is absolute (`LinkField`): a
stored path of this site (`/media/imports/…`) is given on this site's address.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from eig.challenges.models import (
    Challenge,
    ChallengeKeyFigure,
    ChallengeMentor,
    ChallengeProject,
    Skill,
    Theme,
)
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import Post, PostAttachment
from eig.core.links import absolute_link
from eig.events.models import Event
from eig.opendata.public import page_path
from eig.organizations.models import Organization


def _absolute(serializer: serializers.Serializer, path: str | None) -> str | None:
    return absolute_link(path, serializer.context.get("request"))


# An absolute URI, or "" when there is none (the field is always present).
LINK_SCHEMA = {"type": "string", "anyOf": [{"format": "uri"}, {"maxLength": 0}]}


@extend_schema_field(LINK_SCHEMA)
class LinkField(serializers.CharField):
    """A stored link (URL or path of this site), given as an absolute URI or ""."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return absolute_link(str(value or ""), self.context.get("request")) or ""


def _absolute_videos(serializer: serializers.Serializer, videos) -> list:
    request = serializer.context.get("request")
    return [
        {**video, "url": absolute_link(video.get("url"), request)}
        if isinstance(video, dict) and isinstance(video.get("url"), str)
        else video
        for video in videos or []
    ]


class LinksMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="Adresse de l'objet dans l'API.")
    html_url = serializers.SerializerMethodField(
        help_text="Adresse de la page publique sur le site, s'il y en a une."
    )

    api_route: str = ""

    def api_kwargs(self, obj) -> dict:
        return {"slug": obj.slug}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return _absolute(self, reverse(self.api_route, kwargs=self.api_kwargs(obj)))

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_html_url(self, obj) -> str | None:
        return _absolute(self, page_path(obj))


# -- small references, nested in other objects ---------------------------------


class CohortRefSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:cohort-detail"

    class Meta:
        model = Cohort
        fields = ["slug", "name", "year", "url", "html_url"]


class OrganizationRefSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:organization-detail"
    html_url = None

    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym", "kind", "url"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]


class SkillSerializer(serializers.ModelSerializer):
    profile = serializers.CharField(help_text="Profil correspondant (developer, designer…).")

    class Meta:
        model = Skill
        fields = ["code", "label", "profile"]


class ChallengeRefSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:challenge-detail"

    def api_kwargs(self, obj) -> dict:
        return {"year": obj.year, "slug": obj.slug}

    class Meta:
        model = Challenge
        fields = ["year", "slug", "title", "url", "html_url"]


class FellowRefSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:fellow-detail"

    class Meta:
        model = Fellow
        fields = ["slug", "name", "profile", "profile_label", "url", "html_url"]


# -- cohorts -------------------------------------------------------------------


class CohortSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:cohort-detail"
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    challenges_count = serializers.IntegerField(help_text="Nombre de défis publiés.")
    fellows_count = serializers.IntegerField(help_text="Nombre d'EIG au profil public.")

    class Meta:
        model = Cohort
        fields = [
            "slug",
            "number",
            "name",
            "year",
            "programme",
            "starts_on",
            "ends_on",
            "challenges_count",
            "fellows_count",
            "declared_fellows",
            "declared_challenges",
            "declared_candidates",
            "declared_developers",
            "declared_designers",
            "declared_data_scientists",
            "url",
            "html_url",
        ]


class CohortDetailSerializer(CohortSerializer):
    description = serializers.CharField(help_text="Présentation (Markdown).")
    challenges = ChallengeRefSerializer(many=True, source="public_challenges")

    class Meta(CohortSerializer.Meta):
        fields = [*CohortSerializer.Meta.fields, "description", "challenges"]


# -- organizations ---------------------------------------------------------------


class OrganizationSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:organization-detail"
    html_url = None
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Identifiant de l'administration de rattachement.",
    )
    challenges_count = serializers.IntegerField(
        help_text="Nombre de défis publiés accueillis par l'administration elle-même."
    )
    website = LinkField(help_text="Site de l'administration.")

    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym", "kind", "parent", "website", "challenges_count", "url"]


class OrganizationDetailSerializer(OrganizationSerializer):
    children = OrganizationRefSerializer(many=True, source="public_children")
    challenges = ChallengeRefSerializer(many=True, source="public_challenges")

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "children", "challenges"]


# -- challenges (défis) ----------------------------------------------------------


class ChallengeSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:challenge-detail"
    cohort = CohortRefSerializer()
    organization = OrganizationRefSerializer(allow_null=True)
    themes = ThemeSerializer(many=True)
    skills = SkillSerializer(many=True)
    image = LinkField(help_text="Image du défi.")
    is_startup_detat = serializers.BooleanField(
        help_text="Le défi a donné naissance à une startup d'État."
    )
    startup_detat_url = LinkField(help_text="Page de la startup d'État.")

    def api_kwargs(self, obj) -> dict:
        return {"year": obj.year, "slug": obj.slug}

    class Meta:
        model = Challenge
        fields = [
            "year",
            "slug",
            "title",
            "pitch",
            "cohort",
            "organization",
            "organization_label",
            "town",
            "funding",
            "themes",
            "skills",
            "image",
            "is_startup_detat",
            "startup_detat_url",
            "url",
            "html_url",
        ]


class KeyFigureSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = ChallengeKeyFigure
        fields = ["prefix", "amount", "suffix", "description"]


class ProjectSerializer(serializers.ModelSerializer):
    url = LinkField(help_text="Lien vers la réalisation (site, document, dépôt).")
    image = LinkField(help_text="Image de la réalisation.")

    class Meta:
        model = ChallengeProject
        fields = ["title", "description", "url", "image", "call_to_action"]


class MentorshipSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="mentor.slug")
    name = serializers.CharField(source="mentor.name")
    position_title = serializers.CharField(source="mentor.position_title")
    photo_url = LinkField(source="mentor.photo_url", help_text="Photo du mentor.")
    html_url = serializers.SerializerMethodField(
        help_text="Adresse de la page publique du mentor, s'il y en a une."
    )

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_html_url(self, obj) -> str | None:
        return _absolute(self, page_path(obj.mentor))

    class Meta:
        model = ChallengeMentor
        fields = ["slug", "name", "kind", "position_title", "photo_url", "html_url"]


class ChallengeDetailSerializer(ChallengeSerializer):
    body = serializers.CharField(help_text="Description (Markdown).")
    key_figures = KeyFigureSerializer(many=True)
    projects = ProjectSerializer(many=True)
    team = FellowRefSerializer(
        many=True, source="public_fellows", help_text="Les EIG de l'équipe au profil public."
    )
    mentors = MentorshipSerializer(many=True, source="public_mentorships")
    website = LinkField(help_text="Site du projet.")
    source_code = serializers.SerializerMethodField(help_text="Dépôts de code source.")
    videos = serializers.SerializerMethodField(help_text="Vidéos : liste de {kind, url}.")

    @extend_schema_field({"type": "array", "items": LINK_SCHEMA})
    def get_source_code(self, obj) -> list:
        request = self.context.get("request")
        return [
            absolute_link(item, request) if isinstance(item, str) else item
            for item in obj.source_code or []
        ]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"kind": {"type": "string"}, "url": LINK_SCHEMA},
                "additionalProperties": True,
            },
        }
    )
    def get_videos(self, obj) -> list:
        return _absolute_videos(self, obj.videos)

    class Meta(ChallengeSerializer.Meta):
        fields = [
            *ChallengeSerializer.Meta.fields,
            "duration_months",
            "body",
            "website",
            "source_code",
            "videos",
            "key_figures",
            "projects",
            "team",
            "mentors",
        ]


# -- fellows (EIG) ------------------------------------------------------------------


class FellowSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:fellow-detail"
    cohorts = CohortRefSerializer(many=True, source="public_cohorts")
    challenges = ChallengeRefSerializer(many=True, source="public_challenges")
    photo_url = LinkField(help_text="Photo.")
    github = LinkField(source="github_url", help_text="Compte GitHub.")
    gitlab = LinkField(source="gitlab_url", help_text="Compte GitLab.")
    linkedin = LinkField(help_text="Profil LinkedIn.")
    twitter = LinkField(source="twitter_url", help_text="Compte Twitter.")
    website = LinkField(help_text="Site personnel.")

    class Meta:
        model = Fellow
        fields = [
            "slug",
            "name",
            "profile",
            "profile_label",
            "cohorts",
            "challenges",
            "photo_url",
            "github",
            "gitlab",
            "linkedin",
            "twitter",
            "website",
            "url",
            "html_url",
        ]


class FellowDetailSerializer(FellowSerializer):
    bio = serializers.CharField(help_text="Biographie (Markdown).")
    next_steps = serializers.CharField(help_text="Ce que la personne a fait ensuite.")

    class Meta(FellowSerializer.Meta):
        fields = [*FellowSerializer.Meta.fields, "bio", "next_steps"]


# -- posts (actualités) ---------------------------------------------------------------


class PostSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:post-detail"
    categories = serializers.ListField(child=serializers.CharField())
    tags = serializers.ListField(child=serializers.CharField())
    image = LinkField(help_text="Image principale.")

    def api_kwargs(self, obj) -> dict:
        return {"language": obj.language, "slug": obj.slug}

    class Meta:
        model = Post
        fields = [
            "language",
            "slug",
            "title",
            "published_at",
            "author",
            "description",
            "categories",
            "tags",
            "image",
            "url",
            "html_url",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    url = LinkField(help_text="Adresse du fichier.")

    class Meta:
        model = PostAttachment
        fields = ["name", "url"]


class TranslationSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:post-detail"

    def api_kwargs(self, obj) -> dict:
        return {"language": obj.language, "slug": obj.slug}

    class Meta:
        model = Post
        fields = ["language", "slug", "title", "url", "html_url"]


class PostDetailSerializer(PostSerializer):
    lede = serializers.CharField(help_text="Chapeau (Markdown).")
    body = serializers.CharField(help_text="Contenu (Markdown).")
    attachments = AttachmentSerializer(many=True)
    translations = TranslationSerializer(
        many=True, source="public_translations", help_text="Les autres langues de l'actualité."
    )

    class Meta(PostSerializer.Meta):
        fields = [*PostSerializer.Meta.fields, "lede", "body", "attachments", "translations"]


# -- events (événements) -----------------------------------------------------------


class EventSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "api:event-detail"
    cohort = serializers.SerializerMethodField(help_text="Promotion concernée.")
    ics_url = serializers.SerializerMethodField(help_text="L'événement au format iCalendar.")
    registration_url = LinkField(help_text="Lien d'inscription.")
    replay_url = LinkField(help_text="Lien de rediffusion.")

    @extend_schema_field(CohortRefSerializer(allow_null=True))
    def get_cohort(self, obj) -> dict | None:
        if obj.cohort is None or not obj.cohort.is_published:
            return None
        return CohortRefSerializer(obj.cohort, context=self.context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_ics_url(self, obj) -> str:
        return _absolute(self, reverse("opendata:event_ics", kwargs={"slug": obj.slug}))

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "is_online",
            "theme",
            "cohort",
            "registration_url",
            "replay_url",
            "capacity",
            "url",
            "html_url",
            "ics_url",
        ]


class EventDetailSerializer(EventSerializer):
    description = serializers.CharField(help_text="Description (Markdown).")
    challenges = ChallengeRefSerializer(many=True, source="public_challenges")

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "challenges"]
