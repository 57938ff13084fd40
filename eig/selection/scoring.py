"""Score normalisation and ranking of applications: plain data in, plain data out.

Method (docs/selection.md gives a worked example):

* A review counts once it scores all six criteria (``CRITERIA``, the codes of
  ``selection_criteria`` in demo_data/programme.yml) from 1 to 5; its raw total
  is their sum (6 to 30). An incomplete review is a draft: it is left out of
  every statistic and its application counts it as missing.
* Each reviewer's complete reviews give their mean and population standard
  deviation (ddof 0). A review's normalised score is its z-score within its
  reviewer: ``(raw_total - reviewer_mean) / reviewer_std``.
* Fallback: when the reviewer has a single complete review, or gave every
  application the same total (std 0), there is no scale of their own to use;
  the review is then placed on the jury's scale: ``(raw_total - global_mean) /
  global_std`` over all complete reviews. If that std is 0 too (or there is one
  review in all), the normalised score is 0.
* An application's normalised score is the mean of its reviews' normalised
  scores; its raw mean is the mean of their raw totals, kept to show the effect.
* Ranking is *competition* ranking ("1224"): an application's rank is one plus
  the number of applications strictly ahead, so tied applications share a rank
  and are flagged ``tied``; ties are never broken here. Scores within
  ``TIE_TOLERANCE`` of each other are equal (floating-point noise).
  Applications without any complete review are not ranked (rank ``None``).
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

CRITERIA: tuple[str, ...] = (
    "dynamism",
    "challenge_understanding",
    "general_interest",
    "administration_fit",
    "technical_skills",
    "availability",
)
MIN_SCORE, MAX_SCORE = 1, 5
TIE_TOLERANCE = 1e-9

# How a review was normalised.
BY_REVIEWER = "reviewer"
BY_JURY = "jury"  # fallback: single review or zero variance
NONE = "none"  # fallback impossible: the whole jury has no spread


@dataclass(frozen=True)
class Review:
    reviewer_id: str
    application_id: str
    scores: Mapping[str, int]  # criterion code -> 1..5; missing codes: not scored yet

    @property
    def complete(self) -> bool:
        return all(code in self.scores for code in CRITERIA)


@dataclass(frozen=True)
class Application:
    id: str
    challenge_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReviewerStats:
    reviewer_id: str
    count: int  # complete reviews
    mean: float
    std: float  # population standard deviation
    fallback: bool  # True when the reviewer's reviews are placed on the jury's scale


@dataclass(frozen=True)
class NormalisedReview:
    reviewer_id: str
    application_id: str
    raw_total: int
    normalised: float
    method: str  # BY_REVIEWER, BY_JURY or NONE


@dataclass(frozen=True)
class ApplicationScore:
    application_id: str
    challenge_ids: frozenset[str]
    review_count: int  # complete reviews
    expected_reviews: int
    incomplete_reviews: int
    raw_mean: float | None
    normalised_mean: float | None
    rank_raw: int | None  # rank by raw mean: the "before"
    rank: int | None  # rank by normalised mean: the "after"
    tied: bool  # shares its normalised rank with another application

    @property
    def missing_reviews(self) -> int:
        return max(0, self.expected_reviews - self.review_count)

    @property
    def rank_shift(self) -> int | None:
        """Places gained by normalisation (positive: moved up)."""
        if self.rank is None or self.rank_raw is None:
            return None
        return self.rank_raw - self.rank


@dataclass(frozen=True)
class RankedEntry:
    application_id: str
    rank: int
    tied: bool
    normalised_mean: float


@dataclass(frozen=True)
class Ranking:
    global_mean: float | None
    global_std: float | None
    reviewers: dict[str, ReviewerStats]
    reviews: list[NormalisedReview]
    # Every application: ranked ones best first, then unranked ones by id.
    applications: list[ApplicationScore]
    by_challenge: dict[str, list[RankedEntry]] = field(default_factory=dict)

    def application(self, application_id: str) -> ApplicationScore:
        return next(a for a in self.applications if a.application_id == application_id)


def raw_total(review: Review) -> int:
    return sum(review.scores[code] for code in CRITERIA)


def _check(reviews: Sequence[Review], applications: Sequence[Application]) -> None:
    ids = [a.id for a in applications]
    if len(set(ids)) != len(ids):
        raise ValueError("Identifiant de candidature en double.")
    known = set(ids)
    seen = set()
    for review in reviews:
        key = (review.reviewer_id, review.application_id)
        if review.application_id not in known:
            raise ValueError(f"Évaluation d'une candidature inconnue : {review.application_id!r}.")
        if key in seen:
            raise ValueError(f"Deux évaluations de {key[1]!r} par {key[0]!r}.")
        seen.add(key)
        for code, score in review.scores.items():
            if code not in CRITERIA:
                raise ValueError(f"Critère inconnu : {code!r}.")
            if not MIN_SCORE <= score <= MAX_SCORE:
                raise ValueError(f"Note hors de l'échelle 1 à 5 : {code} = {score!r}.")


def _mean_std(values: Sequence[float]) -> tuple[float, float]:
    mean = math.fsum(values) / len(values)
    return mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def competition_ranks(scores: Mapping[str, float]) -> dict[str, tuple[int, bool]]:
    """Rank ids by score, higher first: id -> (rank, tied). Equal scores share the
    rank of the first of them and the next rank skips ("1224")."""
    ordered = sorted(scores, key=lambda i: (-scores[i], i))
    result: dict[str, tuple[int, bool]] = {}
    start = 0
    while start < len(ordered):
        end = start + 1
        while end < len(ordered) and scores[ordered[start]] - scores[ordered[end]] <= TIE_TOLERANCE:
            end += 1
        for i in ordered[start:end]:
            result[i] = (start + 1, end - start > 1)
        start = end
    return result


def rank_applications(
    reviews: Iterable[Review],
    applications: Iterable[Application],
    *,
    expected_reviews: int = 3,
) -> Ranking:
    """Normalise the reviews' totals per reviewer and rank the applications,
    overall and per défi (see the module docstring for the method)."""
    reviews = list(reviews)
    applications = list(applications)
    _check(reviews, applications)
    complete = [r for r in reviews if r.complete]
    totals = [raw_total(r) for r in complete]

    global_mean = global_std = None
    if totals:
        global_mean, global_std = _mean_std(totals)

    by_reviewer: dict[str, list[int]] = defaultdict(list)
    for review, total in zip(complete, totals, strict=True):
        by_reviewer[review.reviewer_id].append(total)
    reviewers = {}
    for reviewer_id, values in by_reviewer.items():
        mean, std = _mean_std(values)
        fallback = len(values) < 2 or std <= TIE_TOLERANCE
        reviewers[reviewer_id] = ReviewerStats(reviewer_id, len(values), mean, std, fallback)

    normalised_reviews = []
    for review, total in zip(complete, totals, strict=True):
        stats = reviewers[review.reviewer_id]
        if not stats.fallback:
            value, method = (total - stats.mean) / stats.std, BY_REVIEWER
        elif global_std > TIE_TOLERANCE:
            value, method = (total - global_mean) / global_std, BY_JURY
        else:
            value, method = 0.0, NONE
        normalised_reviews.append(
            NormalisedReview(review.reviewer_id, review.application_id, total, value, method)
        )

    per_application: dict[str, list[NormalisedReview]] = defaultdict(list)
    for item in normalised_reviews:
        per_application[item.application_id].append(item)
    incomplete: dict[str, int] = defaultdict(int)
    for review in reviews:
        if not review.complete:
            incomplete[review.application_id] += 1

    raw_means, normalised_means = {}, {}
    for application_id, items in per_application.items():
        raw_means[application_id] = math.fsum(i.raw_total for i in items) / len(items)
        normalised_means[application_id] = math.fsum(i.normalised for i in items) / len(items)
    raw_ranks = competition_ranks(raw_means)
    ranks = competition_ranks(normalised_means)

    scores = []
    for application in applications:
        items = per_application.get(application.id, [])
        rank, tied = ranks.get(application.id, (None, False))
        scores.append(
            ApplicationScore(
                application_id=application.id,
                challenge_ids=frozenset(application.challenge_ids),
                review_count=len(items),
                expected_reviews=expected_reviews,
                incomplete_reviews=incomplete[application.id],
                raw_mean=raw_means.get(application.id),
                normalised_mean=normalised_means.get(application.id),
                rank_raw=raw_ranks.get(application.id, (None, False))[0],
                rank=rank,
                tied=tied,
            )
        )
    scores.sort(key=lambda s: (s.rank is None, s.rank or 0, s.application_id))

    by_challenge: dict[str, list[RankedEntry]] = {}
    challenge_ids = sorted({c for a in applications for c in a.challenge_ids})
    for challenge_id in challenge_ids:
        means = {
            s.application_id: s.normalised_mean
            for s in scores
            if challenge_id in s.challenge_ids and s.normalised_mean is not None
        }
        ranked = competition_ranks(means)
        by_challenge[challenge_id] = sorted(
            (RankedEntry(i, rank, tied, means[i]) for i, (rank, tied) in ranked.items()),
            key=lambda e: (e.rank, e.application_id),
        )

    return Ranking(
        global_mean=global_mean,
        global_std=global_std,
        reviewers=reviewers,
        reviews=normalised_reviews,
        applications=scores,
        by_challenge=by_challenge,
    )
