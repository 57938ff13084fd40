"""Open data downloads at /donnees/: CSV, JSON and Table Schema per dataset.

Public: anyone, read-only (GET and HEAD only). Downloads are streamed so that
memory stays flat whatever the size of the data.
"""

import json
from collections.abc import Iterable, Iterator

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.permissions import public
from eig.core.exports import csv_stream
from eig.opendata.datasets import (
    DATASETS,
    Context,
    Dataset,
    csv_cell,
    data_package,
    json_value,
)

DOWNLOAD_MAX_AGE = 300


def _dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise Http404(_("Ce jeu de données n'existe pas.")) from None


def _open(response: HttpResponse | StreamingHttpResponse) -> None:
    """Headers of every download: cacheable, readable from any origin."""
    response["Cache-Control"] = f"public, max-age={DOWNLOAD_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"


@public
@require_safe
def index(request):
    """Public: anyone. Lists each dataset with its size and its downloads."""
    datasets = [
        {
            "dataset": dataset,
            "rows": dataset.count(),
            "csv_url": reverse("opendata:csv", kwargs={"name": dataset.name}),
            "json_url": reverse("opendata:json", kwargs={"name": dataset.name}),
            "schema_url": reverse("opendata:schema", kwargs={"name": dataset.name}),
        }
        for dataset in DATASETS.values()
    ]
    return render(request, "opendata/index.html", {"datasets": datasets})


def csv_lines(dataset: Dataset, context: Context) -> Iterator[str]:
    return csv_stream(
        [f.name for f in dataset.fields],
        ([csv_cell(value) for value in record.values()] for record in dataset.records(context)),
        lineterminator="\r\n",
    )


def json_chunks(records: Iterable[dict]) -> Iterator[str]:
    yield "["
    for index, record in enumerate(records):
        item = {key: json_value(value) for key, value in record.items()}
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


@public
@require_safe
def dataset_csv(request, name: str):
    """Public: anyone. One dataset as CSV (UTF-8, comma, one header row)."""
    dataset = _dataset(name)
    response = StreamingHttpResponse(
        csv_lines(dataset, Context(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.csv"'
    response["Link"] = (
        f"<{request.build_absolute_uri(reverse('opendata:schema', kwargs={'name': name}))}>; "
        'rel="describedby"; type="application/json"'
    )
    _open(response)
    return response


@public
@require_safe
def dataset_json(request, name: str):
    """Public: anyone. One dataset as a JSON array of records."""
    dataset = _dataset(name)
    response = StreamingHttpResponse(
        json_chunks(dataset.records(Context(request))),
        content_type="application/json; charset=utf-8",
    )
    _open(response)
    return response


@public
@require_safe
def dataset_schema(request, name: str):
    """Public: anyone. The Table Schema that the dataset's CSV validates against."""
    dataset = _dataset(name)
    response = JsonResponse(
        dataset.table_schema(Context(request)),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    _open(response)
    return response


@public
@require_safe
def datapackage(request):
    """Public: anyone. All datasets as one Data Package (frictionless)."""
    response = JsonResponse(
        data_package(Context(request)), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    _open(response)
    return response
