"""The content studio (/gestion/contenus/): staff only."""

from eig.studio import services
from tests.factories import MentorFactory, PostFactory
from tests.security.matrix import Row, private


def extend_world(world):
    post = PostFactory(is_published=False, title="Brouillon du studio")
    services.save_item(actor=world.people["staff"], item=post)
    post.title = "Brouillon du studio, corrigé"
    services.save_item(actor=world.people["staff"], item=post)
    world.studio_post = post
    world.studio_version = post.history.order_by("history_id").first().history_id
    world.studio_mentor = MentorFactory(private=True, name="Mentor du studio")


def _post(world, **more):
    return {"kind": "actualites", "pk": world.studio_post.pk, **more}


STAFF = private(staff=200)

ROWS = {
    "gestion:studio_home": Row(STAFF),
    "gestion:studio_journal": Row(STAFF),
    "gestion:studio_list": Row(STAFF, kwargs={"kind": "defis"}),
    "gestion:studio_create": Row(STAFF, kwargs={"kind": "promotions"}),
    "gestion:studio_edit": Row(STAFF, kwargs=_post),
    "gestion:studio_status": Row(STAFF, kwargs=lambda w: _post(w, status="published")),
    "gestion:studio_preview": Row(STAFF, kwargs=_post),
    "gestion:studio_erase": Row(
        STAFF, kwargs=lambda w: {"kind": "mentors", "pk": w.studio_mentor.pk}
    ),
    "gestion:studio_versions": Row(STAFF, kwargs=_post),
    "gestion:studio_restore": Row(STAFF, kwargs=lambda w: _post(w, history_id=w.studio_version)),
}
