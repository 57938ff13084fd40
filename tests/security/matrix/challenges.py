"""The défis catalogue and mentors' pages: public."""

from tests.security.matrix import Row, everyone

ROWS = {
    "challenges:list": Row(everyone(200)),
    "challenges:detail": Row(
        everyone(200), kwargs=lambda w: {"year": w.challenge.year, "slug": w.challenge.slug}
    ),
    "challenges:mentor_detail": Row(everyone(200), kwargs=lambda w: {"slug": w.mentor.slug}),
}
