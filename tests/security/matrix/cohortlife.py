"""Cohort life: the fellows' space (their own checklist only), the programme
team's follow-up of cohorts, contracts and mentoring sessions."""

from tests.factories_cohort_life import (
    ChecklistItemFactory,
    ChecklistTemplateItemFactory,
    ContractFactory,
    MentoringSessionFactory,
)
from tests.security.matrix import Row, everyone, private

STAFF_GET = private(staff=200)
STAFF_POST = private(staff=302)


def extend_world(world):
    world.contract = ContractFactory(cohort=world.cohort, fellow=world.fellow)
    world.checklist_item = ChecklistItemFactory(contract=world.contract)
    world.template_item = ChecklistTemplateItemFactory(cohort=world.cohort)
    world.mentoring_session = MentoringSessionFactory(cohort=world.cohort)


def cohort(w):
    return {"slug": w.cohort.slug}


def contract(w):
    return {"pk": w.contract.pk}


ROWS = {
    "cohortlife:statistics": Row(everyone(200)),
    "cohortlife:alumni": Row(everyone(200)),
    "cohortlife:fellow_space": Row(private(fellow=200)),
    "cohortlife:fellow_tick": Row(
        private(fellow=302),
        "post",
        kwargs=lambda w: {"pk": w.checklist_item.pk},
        data={"done": "1"},
    ),
    "cohortlife:fellow_profile": Row(
        private(fellow=302), "post", data={"is_public": "on", "next_steps": "Développeuse."}
    ),
    "cohortlife:staff_cohorts": Row(STAFF_GET),
    "cohortlife:staff_cohort": Row(STAFF_GET, kwargs=cohort),
    "cohortlife:staff_onboarding_open": Row(STAFF_POST, "post", kwargs=cohort),
    "cohortlife:staff_checklist_template": Row(STAFF_GET, kwargs=cohort),
    "cohortlife:staff_checklist_template_default": Row(STAFF_POST, "post", kwargs=cohort),
    "cohortlife:staff_checklist_template_remove": Row(
        STAFF_POST, "post", kwargs=lambda w: {"slug": w.cohort.slug, "pk": w.template_item.pk}
    ),
    "cohortlife:staff_report": Row(STAFF_GET, kwargs=cohort),
    "cohortlife:staff_contract": Row(STAFF_GET, kwargs=contract),
    "cohortlife:staff_tick": Row(
        STAFF_POST,
        "post",
        kwargs=lambda w: {"pk": w.contract.pk, "item_pk": w.checklist_item.pk},
        data={"done": "1"},
    ),
    "cohortlife:staff_account_link": Row(
        STAFF_POST, "post", kwargs=contract, data={"email": "eig@exemple.fr"}
    ),
    "cohortlife:staff_challenge": Row(STAFF_GET, kwargs=lambda w: {"pk": w.challenge.pk}),
    "cohortlife:attendance": Row(STAFF_GET, kwargs=lambda w: {"pk": w.mentoring_session.pk}),
}
