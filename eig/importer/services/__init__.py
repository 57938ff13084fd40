"""Import the original static site, the seed documents and the curated facts.

`import_paths` (in `run`) is the entry point (used by `manage.py import_site`
and `manage.py import_demo_data`). It finds what each folder holds
(`discovery`) and imports, in this order:

1. `programme.yml`: the programmes, selection criteria, cohort dates,
   application calls and events (curated facts, see demo_data/programme.yml;
   `programme`);
2. `figures.yml`: the figures published per cohort (`Cohort.declared_*`;
   `programme`);
3. a Jekyll site (`_data/`, `_defis/`, `_communaute/`, `_posts/`, `en/_posts/`;
   `site`, `challenges`, `people`, `posts`, `site_data`);
4. a folder of seed documents (`*.txt`, `*.md`): posts, pages, press review
   (`seeds`);
5. the parts of `programme.yml` that point at imported records (funding of
   défis, old addresses of pages; `programme`).

Each record is upserted by `source_key` (or a natural key) and saved only
when something changed (`records.save_record`), so a second run reports
nothing created or updated. Each file is imported inside its own transaction
and each record inside a savepoint: an unreadable file or record is reported
with the reason and the import goes on. Slugs are chosen when a record is
created and never changed by a later import (they are addresses). Records
that disappeared from the source are left alone.

The public names of the modules are re-exported here: callers import them
from `eig.importer.services`.
"""

from eig.importer.services.challenges import CHALLENGE_KEYS, import_challenges, import_organizations
from eig.importer.services.discovery import (
    FORMAT_LABELS,
    PART_ORDER,
    SEED_SUFFIXES,
    SEEDS_FOLDER,
    UNKNOWN_FORMAT,
    Discovery,
    FatalImportError,
    Part,
    PartKind,
    count_files,
    decap_schema_path,
    detect_format,
    discover,
    discover_parts,
)
from eig.importer.services.people import (
    FELLOW_PROFILES,
    MENTOR_PROFILES,
    PLACEHOLDER_PHOTOS,
    TEAM_POSITION,
    Person,
    import_people,
)
from eig.importer.services.posts import POST_KEYS, import_posts
from eig.importer.services.programme import (
    DEFAULT_PROGRAMME_NAMES,
    FIGURE_FIELDS,
    apply_programme_links,
    cohort_default_name,
    cohort_slug,
    ensure_cohort,
    ensure_programme,
    import_figures_file,
    import_programme_file,
)
from eig.importer.services.records import (
    KIND_LABELS,
    MEDIA_REASON,
    MEDIA_SUFFIXES,
    MERGE_CURRENT_SITE,
    MERGE_ORIGINAL_SITE,
    ImportContext,
    Merge,
    merge_rule_for,
    record,
    report_unread,
    save_record,
)
from eig.importer.services.run import (
    HANDLED_DATA_FILES,
    IGNORED_DATA_FILES,
    import_paths,
    import_site_folder,
)
from eig.importer.services.seeds import (
    CALL_ANNOUNCEMENT,
    EVENT_DEFAULT_START,
    PAGE_KEYS,
    drop_call_announcement,
    import_seed_folder,
)
from eig.importer.services.site import SKILL_PROFILES, Site, import_promotions, import_skills
from eig.importer.services.site_data import (
    WEBINAR_LENGTH,
    WEBINAR_START,
    import_faq,
    import_testimonials,
    import_webinars,
)

__all__ = [
    "CALL_ANNOUNCEMENT",
    "CHALLENGE_KEYS",
    "DEFAULT_PROGRAMME_NAMES",
    "Discovery",
    "EVENT_DEFAULT_START",
    "FELLOW_PROFILES",
    "FIGURE_FIELDS",
    "FORMAT_LABELS",
    "FatalImportError",
    "HANDLED_DATA_FILES",
    "IGNORED_DATA_FILES",
    "ImportContext",
    "KIND_LABELS",
    "MEDIA_REASON",
    "MEDIA_SUFFIXES",
    "MENTOR_PROFILES",
    "MERGE_CURRENT_SITE",
    "MERGE_ORIGINAL_SITE",
    "Merge",
    "PAGE_KEYS",
    "PART_ORDER",
    "PLACEHOLDER_PHOTOS",
    "POST_KEYS",
    "Part",
    "PartKind",
    "Person",
    "SEEDS_FOLDER",
    "SEED_SUFFIXES",
    "SKILL_PROFILES",
    "Site",
    "TEAM_POSITION",
    "UNKNOWN_FORMAT",
    "WEBINAR_LENGTH",
    "WEBINAR_START",
    "apply_programme_links",
    "cohort_default_name",
    "cohort_slug",
    "count_files",
    "decap_schema_path",
    "detect_format",
    "discover",
    "discover_parts",
    "drop_call_announcement",
    "ensure_cohort",
    "ensure_programme",
    "import_challenges",
    "import_faq",
    "import_figures_file",
    "import_organizations",
    "import_paths",
    "import_people",
    "import_posts",
    "import_programme_file",
    "import_promotions",
    "import_seed_folder",
    "import_site_folder",
    "import_skills",
    "import_testimonials",
    "import_webinars",
    "merge_rule_for",
    "record",
    "report_unread",
    "save_record",
]
