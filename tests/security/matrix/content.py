"""Pages, news, FAQ, press: public."""

from tests.factories import FaqItemFactory, PageFactory, PostFactory, PressLinkFactory
from tests.security.matrix import Row, everyone


def extend_world(world):
    PageFactory(slug="programme")
    world.page = PageFactory()
    world.post = PostFactory()
    PressLinkFactory()
    FaqItemFactory()


ROWS = {
    "content:programme": Row(everyone(200)),
    "content:page": Row(everyone(200), kwargs=lambda w: {"slug": w.page.slug}),
    "content:faq": Row(everyone(200)),
    "content:post_list": Row(everyone(200)),
    "content:post_detail": Row(everyone(200), kwargs=lambda w: {"slug": w.post.slug}),
    "content:press": Row(everyone(200)),
    "content:legal_notice": Row(everyone(200)),
    "content:accessibility": Row(everyone(200)),
    "content:site_map": Row(everyone(200)),
    "content:cookies": Row(everyone(200)),
}
