"""Cohorts and fellows' public profiles."""

from tests.security.matrix import Row, everyone

ROWS = {
    "cohorts:list": Row(everyone(200)),
    "cohorts:detail": Row(everyone(200), kwargs=lambda w: {"slug": w.cohort.slug}),
    "cohorts:fellow_list": Row(everyone(200)),
    "cohorts:fellow_detail": Row(everyone(200), kwargs=lambda w: {"slug": w.fellow.slug}),
}
