"""The Atom feed of the news (/actualites/feed/)."""

from django.contrib.syndication.views import Feed
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from eig.content.models import Language, Post
from eig.opendata.public import mask_emails, page_path
from eig.opendata.selectors import public_posts

FEED_SIZE = 30


class LatestPostsFeed(Feed):
    """Public: anyone. The latest published news in French, as Atom."""

    feed_type = Atom1Feed
    title = _("Actualités du programme Entrepreneurs d'intérêt général")
    subtitle = _("Les dernières actualités et communiqués du programme EIG.")
    language = "fr"

    def link(self) -> str:
        try:
            return reverse("content:post_list")
        except NoReverseMatch:
            return "/actualites/"

    def feed_url(self) -> str:
        return reverse("opendata:news_feed")

    def items(self):
        return (
            public_posts().filter(language=Language.FR).order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return mask_emails(item.description or item.lede)

    def item_link(self, item: Post) -> str:
        return page_path(item) or f"/actualites/{item.slug}/"

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Post) -> str | None:
        return item.author or None

    def item_categories(self, item: Post) -> list[str]:
        return [str(category) for category in item.categories]
