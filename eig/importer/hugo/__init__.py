"""Import a Hugo site edited with Decap CMS (the programme's current site).

The site is recognised by its Decap CMS schema (`site/static/admin/config.yml`,
see `services.detect_format`). The collections are known here by their names
in that schema (`promos`, `themes`, `defis`, `personnes`, `articles`); the
schema says where their files are (`folder`) and which files of its `pages`
collection are FAQ (a `questions` list of `title` + `desc`). Relations
(`widget: relation`) are matched on the title, the `value_field` of every
relation of this schema. In this order:

1. `promos`: the cohorts ("Promotion 1"… "Promotion 7", "Promotion 3 - DIG");
2. `themes`: the themes;
3. `defis`: the défis, each in the cohort its `promos` names (its year is the
   cohort's, never the publishing `date`), host administration from `who`
   and `place`, startup d'État from `isSET` / `urlSET`;
4. `personnes`: `participant` -> EIG of their cohorts and défis,
   `agent-public` -> mentor of their défis; the programme team and the
   ecosystem have no model yet and are listed as skipped;
5. `articles`: the blog posts;
6. the FAQ files of the `pages` collection (a `questions` list).

Every record is keyed on its file's path relative to the source, so two files
with the same name in different folders are two records and a second run
changes nothing. A name a relation gives that matches nothing is reported,
never invented. Every file of the source that was not read, or read and not
imported, is listed with the reason.

The modules, in the order of an import: `schema` (the Decap schema), `site`
(reading the entries), `merging` (one programme, not two), `cohorts`,
`challenges`, `people`, `posts` (and the FAQ), `run` (the entry points). The
public names are re-exported here.
"""

from eig.importer.hugo.challenges import import_challenges
from eig.importer.hugo.cohorts import COHORT_YEARS, import_cohorts, import_themes
from eig.importer.hugo.people import ROLE_FELLOW, ROLE_MENTOR, TEAM_ROLES, import_people
from eig.importer.hugo.posts import import_faq, import_posts
from eig.importer.hugo.run import NOT_IMPORTED, import_current_site, import_hugo_site
from eig.importer.hugo.schema import Collection, SchemaField, content_files, read_schema, site_root
from eig.importer.hugo.site import PLACEHOLDER_PHOTOS, READ_FIELDS, Entry, HugoSite

__all__ = [
    "COHORT_YEARS",
    "Collection",
    "Entry",
    "HugoSite",
    "NOT_IMPORTED",
    "PLACEHOLDER_PHOTOS",
    "READ_FIELDS",
    "ROLE_FELLOW",
    "ROLE_MENTOR",
    "SchemaField",
    "TEAM_ROLES",
    "content_files",
    "import_challenges",
    "import_cohorts",
    "import_current_site",
    "import_faq",
    "import_hugo_site",
    "import_people",
    "import_posts",
    "import_themes",
    "read_schema",
    "site_root",
]
