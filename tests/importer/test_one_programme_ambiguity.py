"""An ambiguous match between the two sites is listed, never merged.

Apart from test_one_programme.py, whose module-wide import would already have
merged the person used here.
"""

import shutil
from io import StringIO

from django.core.management import call_command

from eig.cohorts.models import Cohort, Fellow
from eig.importer.services import import_paths
from tests.importer.conftest import DEMO

V3_PEOPLE = "site/content/personnes"


def test_an_ambiguous_match_is_listed_and_not_merged(db, tmp_path):
    """Two records of the original site fit one entry of the current site:
    the entry is imported apart and the ambiguity is printed."""
    call_command("import_site", str(DEMO / "programme.yml"), "--no-progress", stdout=StringIO())
    cohort = Cohort.objects.get(slug="1")
    for key in ("Martin Gross", "M. Gross"):
        fellow = Fellow.objects.create(name="Martin Gross", slug=f"mg-{len(key)}", source_key=key)
        fellow.cohorts.add(cohort)
    site = tmp_path / "site-eig-v3"
    shutil.copytree(DEMO / "site-eig-v3", site)

    out = StringIO()
    call_command("import_site", str(site), "--no-progress", stdout=out)

    text = out.getvalue()
    assert "Rapprochements ambigus, non fusionnés (1) :" in text
    assert f"{V3_PEOPLE}/martin-gross.md : EIG « Martin Gross » : plusieurs" in text
    assert Fellow.objects.filter(name__startswith="Martin Gross").count() == 3
    assert Fellow.objects.exclude(other_source_keys=[]).filter(name="Martin Gross").count() == 0
    # Imported apart, the entry is its own record from then on: no new ambiguity.
    again = import_paths([site])
    assert again.ambiguous == []
    assert (again.created, again.updated) == (0, 0)
    assert Fellow.objects.filter(name__startswith="Martin Gross").count() == 3
