"""Every dataset by name, and the Data Package that lists them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.opendata.datasets.base import LICENSE, Context, Dataset
from eig.opendata.datasets.community import EVENTS, FELLOWS, POSTS
from eig.opendata.datasets.programme import CHALLENGES, COHORTS, ORGANIZATIONS
from eig.opendata.datasets.statistics import STATISTICS, STATISTICS_SPREAD

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        COHORTS,
        CHALLENGES,
        ORGANIZATIONS,
        FELLOWS,
        EVENTS,
        POSTS,
        STATISTICS,
        STATISTICS_SPREAD,
    )
}


def data_package(context: Context) -> dict:
    """Every dataset as one Data Package, with the references between files."""
    return {
        "name": "eig",
        "title": str(_("Données ouvertes du programme Entrepreneurs d'intérêt général")),
        "homepage": context.url(reverse("opendata:index")),
        "licenses": [LICENSE],
        "resources": [
            {
                "name": dataset.name,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": context.url(reverse("opendata:csv", kwargs={"name": dataset.name})),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": dataset.table_schema(context, references=True),
            }
            for dataset in DATASETS.values()
        ],
    }
