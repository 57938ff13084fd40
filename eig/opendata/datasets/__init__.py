"""The open datasets, each described once: its Table Schema and its rows.

A `Dataset` lists its `Field`s in column order; the same list gives the
Table Schema (frictionless format, as used by schema.data.gouv.fr), the CSV
header and cells, and the JSON records. Values are plain Python: `None` for
a missing value, lists for multi-valued cells (joined by `;` in CSV). Every
link is absolute (`Context.url`, `_link`): a stored path of this site becomes
an address on this site.

`base` holds what every dataset is made of; `programme` (cohorts, défis,
organisations), `community` (EIG, events, posts) and `statistics` describe
the datasets, one family each; `catalogue` lists them (`DATASETS`) and makes
the Data Package. The public names are re-exported here.
"""

from eig.opendata.datasets.base import (
    CHUNK_SIZE,
    LICENSE,
    LIST_SEPARATOR,
    URL,
    Context,
    Dataset,
    Field,
    clean,
    csv_cell,
    json_value,
)
from eig.opendata.datasets.catalogue import DATASETS, data_package
from eig.opendata.datasets.community import EVENTS, FELLOWS, POSTS
from eig.opendata.datasets.programme import CHALLENGES, COHORTS, ORGANIZATIONS
from eig.opendata.datasets.statistics import SOURCES, STATISTICS, STATISTICS_SPREAD

__all__ = [
    "CHALLENGES",
    "CHUNK_SIZE",
    "COHORTS",
    "Context",
    "DATASETS",
    "Dataset",
    "EVENTS",
    "FELLOWS",
    "Field",
    "LICENSE",
    "LIST_SEPARATOR",
    "ORGANIZATIONS",
    "POSTS",
    "SOURCES",
    "STATISTICS",
    "STATISTICS_SPREAD",
    "URL",
    "clean",
    "csv_cell",
    "data_package",
    "json_value",
]
