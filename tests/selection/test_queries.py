"""The jury review's lists and ranking run a bounded number of SQL queries,
whatever the number of applications, members and reviews."""

import pytest
from django.urls import reverse

from eig.accounts.models import Role
from eig.applications.models import ApplicationState
from eig.selection import services
from eig.selection.models import ReviewAssignment
from eig.selection.scoring import CRITERIA
from tests.accounts.factories import make_user
from tests.applications.factories import ApplicationFactory
from tests.selection.factories import ConflictFactory, JuryMemberFactory

pytestmark = pytest.mark.django_db


def build(applications: int, members: int):
    staff = make_user(Role.STAFF)
    first = ApplicationFactory(submitted=True)
    call = first.call
    rows = [first] + [
        ApplicationFactory(submitted=True, call=call) for _ in range(applications - 1)
    ]
    for application in rows:
        application.state = ApplicationState.PRESELECTED
        application.save(update_fields=["state"])
    jury = [JuryMemberFactory(call=call) for _ in range(members)]
    ConflictFactory(member=jury[0], application=rows[-1])
    services.assignment_run(call=call, by=staff)
    # Most reviews sent, with varied scores; a few left as drafts.
    reviews = list(ReviewAssignment.objects.filter(application__call=call).order_by("pk"))
    for index, review in enumerate(reviews):
        for number, code in enumerate(CRITERIA):
            setattr(review, code, 1 + (index + number) % 5)
        if index % 7:
            review.submitted_at = review.created_at
    ReviewAssignment.objects.bulk_update(reviews, [*CRITERIA, "submitted_at"])
    return staff, call, rows, jury


SIZES = [(3, 3), (36, 9)]
# Pages and their bound: the same for both sizes.
BOUND = 20


@pytest.mark.parametrize("size", SIZES)
def test_staff_pages(client, django_assert_max_num_queries, size):
    staff, call, rows, _jury = build(*size)
    client.force_login(staff)
    pages = [
        reverse("selection:staff_index"),
        reverse("selection:staff_call", args=[call.pk]),
        reverse("selection:staff_assignment", args=[call.pk]),
        reverse("selection:staff_ranking", args=[call.pk]),
        reverse("selection:staff_ranking", args=[call.pk])
        + f"?defi={rows[0].choices.get().challenge_id}",
        reverse("selection:staff_application", args=[call.pk, rows[0].pk]),
        reverse("applications:staff_list"),
        reverse("applications:staff_detail", args=[rows[0].pk]),
        reverse("applications:staff_audit_log", args=[rows[0].pk]),
    ]
    for url in pages:
        with django_assert_max_num_queries(BOUND + 10 if "staff_application" in url else BOUND):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("size", SIZES)
def test_reviewer_pages(client, django_assert_max_num_queries, size):
    _staff, call, _rows, jury = build(*size)
    member = jury[1]
    client.force_login(member.user)
    assignment = member.assignments.first()
    pages = [
        reverse("selection:reviewer_list"),
        reverse("selection:conflicts", args=[call.pk]),
        reverse("selection:review", args=[assignment.application_id]),
    ]
    for url in pages:
        with django_assert_max_num_queries(BOUND):
            assert client.get(url).status_code == 200, url
