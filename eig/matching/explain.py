"""Words for the outcome, in French: why each person is where they are.

Every sentence is derived from what the run did: the final teams (a défi that
turned someone down holds people the défi ranks above them, seat by seat), the
closures of the minimum-size step, the stable matching before it, the lottery
and the checker's blocking pairs. Candidates' texts give other people's jury
scores but not their ids; défis' texts (for the programme team) name members.

Cost: a refusal ("son 1er choix, X, a retenu …") depends only on the défi, the
refused person's profile (when the défi reserves seats), their place among the
défi's members in its priority order and their jury score there; it is
computed once per such key and reused (``memo=False`` recomputes each one, for
the tests that compare both). ``LazyExplanations`` computes a text only when it
is read, for a screen that shows a few people out of many.
"""

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from eig.matching.market import FORBIDDEN, NO_SCORE, NO_SEAT, Market, pinned_seating, score_text
from eig.matching.minimum import Closure

LABELS = {
    "developer": ("développeur·euse", "développeur·euses"),
    "designer": ("designer", "designers"),
    "data_scientist": ("data scientist", "data scientists"),
}
NUMBERS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]


def ordinal(position: int) -> str:
    """0 -> "1er", 1 -> "2e"."""
    return "1er" if position == 0 else f"{position + 1}e"


def count_words(count: int, singular: str, plural: str, feminine: bool = False) -> str:
    if count == 1:
        return f"{'une' if feminine else 'un·e'} {singular}"
    number = NUMBERS[count] if count < len(NUMBERS) else str(count)
    return f"{number} {plural}"


def counted(count: int, singular: str, plural: str) -> str:
    """3 -> "3 personnes", 1 -> "1 personne"."""
    return f"{count} {singular if count == 1 else plural}"


def join_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


@dataclass(frozen=True)
class Seat:
    candidate: int | None
    profiles: frozenset[int] | None  # None: an open seat
    pinned: bool = False


class Explainer:
    """Holds the run's facts and turns them into sentences."""

    def __init__(
        self,
        market: Market,
        assignment: np.ndarray,
        *,
        stable: np.ndarray,
        closed: np.ndarray,
        closures: list[Closure],
        mode: str,
        blocking_pairs: list[tuple[str, str]] = (),
        memo: bool = True,
    ):
        self.market = market
        self.memo = memo
        self.assignment = assignment
        self.stable = stable
        self.closed = closed
        self.closures = {c.challenge: c for c in closures}
        self.mode = mode
        self.blocking = set(blocking_pairs)
        m = market.m
        self.pair: dict[int, tuple[int, float, int]] = {}  # i*m + j -> (rank, score, position)
        owner = np.repeat(np.arange(market.n), np.diff(market.choice_ptr))
        for i, j, rank, score, position in zip(
            owner.tolist(),
            market.choice_challenge.tolist(),
            market.choice_rank.tolist(),
            market.choice_score.tolist(),
            market.choice_position.tolist(),
            strict=True,
        ):
            self.pair[i * m + j] = (rank, score, position)
        self.members: list[list[int]] = [[] for _ in range(m)]
        for i, j in enumerate(assignment.tolist()):
            if j >= 0:
                self.members[j].append(i)
        self.seatings = [self.seat(j, self.members[j])[0] for j in range(m)]
        self.index = {did: j for j, did in enumerate(market.challenge_ids)}
        # Plain lists: indexing numpy arrays one element at a time is slow.
        self._ptr = market.choice_ptr.tolist()
        self._choice_position = market.choice_position.tolist()
        self._choice_challenge = market.choice_challenge.tolist()
        self._placed = assignment.tolist()
        self._pinned_to = market.pinned_to.tolist()
        self._profile = market.profile.tolist()
        self._capacity = market.capacity.tolist()
        self._standings: dict[tuple[int, int, int], str | tuple] = {}
        self._score_words: dict[float, str] = {}
        self._member_ranks: dict[int, list[int]] = {}

    # Facts -------------------------------------------------------------

    def label(self, code: int, plural: bool = False) -> str:
        name = self.market.profile_names[code]
        return LABELS.get(name, (name, name))[1 if plural else 0]

    def seat_label(self, profiles: frozenset[int]) -> str:
        return " ou ".join(self.label(p, plural=True) for p in sorted(profiles))

    def title(self, j: int) -> str:
        return self.market.challenge_titles[j]

    def score(self, i: int, j: int) -> float:
        return self.pair[i * self.market.m + j][1]

    def seat(self, j: int, people: list[int]) -> tuple[list[Seat], list[int]]:
        """Seat ``people`` on défi j the way the défi chooses; return (seats, turned down).

        Pinned fellows first; then each reserved seat, in order, takes the best
        ranked person of its profiles (the best ranked of anyone if none is
        left); the open seats take the best ranked left; the rest is turned down.
        """
        market = self.market
        pins, reserved, open_seats = pinned_seating(market, j)
        seats = [Seat(i, profiles, pinned=True) for i, profiles in pins if i in people]
        pinned = {i for i, _ in pins}
        m = market.m
        left = sorted((i for i in people if i not in pinned), key=lambda i: self.pair[i * m + j][0])
        for profiles in reserved:
            best = next((i for i in left if market.profile[i] in profiles), None)
            if best is None and left:
                best = left[0]
            if best is not None:
                left.remove(best)
            seats.append(Seat(best, profiles))
        for k in range(open_seats):
            seats.append(Seat(left[k] if k < len(left) else None, None))
        return seats, left[open_seats:]

    # Candidates ----------------------------------------------------------

    def listed(self, i: int) -> list[tuple[int, int, str | None]]:
        """All the candidate's listed choices: (position, défi, reason it is not acceptable)."""
        start, end = self._ptr[i], self._ptr[i + 1]
        rows = [
            (p, j, None)
            for p, j in zip(
                self._choice_position[start:end], self._choice_challenge[start:end], strict=True
            )
        ]
        dropped = self.market.dropped.get(i)
        if dropped:
            rows += dropped
            rows.sort()
        return rows  # the acceptable choices are stored in the order listed

    def candidate(self, i: int) -> str:
        j = self._placed[i]
        listed = self.listed(i)
        if self._pinned_to[i] >= 0:
            where = next((p for p, jj, _ in listed if jj == j), None)
            rank = f", son {ordinal(where)} choix" if where is not None else ""
            return f"Affecté·e d'office sur {self.title(j)}{rank} : décision fixée avant le calcul."
        if not listed:
            return "Sans équipe : aucun choix exprimé."
        position = next((p for p, jj, _ in listed if jj == j), None)
        better = [(p, jj, why) for p, jj, why in listed if position is None or p < position]
        reasons = [self.refusal(i, p, jj, why) for p, jj, why in better]
        if j < 0:
            head = "Sans équipe"
        else:
            head = (
                f"Placé·e sur son {ordinal(position)} choix ({self.title(j)}){self.seat_note(i, j)}"
            )
        text = head + (" : " + " ; ".join(reasons) if reasons else "") + "."
        return text + self.history(i)

    def seat_note(self, i: int, j: int) -> str:
        seat = next(s for s in self.seatings[j] if s.candidate == i)
        if seat.profiles is None:
            return ""
        if self._profile[i] in seat.profiles:
            return f", sur la place réservée aux {self.seat_label(seat.profiles)}"
        return (
            f", sur une place réservée aux {self.seat_label(seat.profiles)}"
            " qu'aucune personne de ce profil ne lui disputait"
        )

    def refusal(self, i: int, position: int, j: int, why: str | None) -> str:
        """Why candidate i is not on défi j, listed at ``position``."""
        lead = f"son {ordinal(position)} choix, {self.title(j)},"
        if why == NO_SCORE:
            return f"{lead} ne l'a pas jugé·e recevable (pas de note du jury pour ce défi)"
        if why == FORBIDDEN:
            return f"{lead} lui est fermé par une exclusion décidée par le programme"
        if why == NO_SEAT:
            return f"{lead} n'a aucune place"
        if j in self.closures:
            closure = self.closures[j]
            text = (
                f"{lead} a été fermé faute d'équipe suffisante "
                f"({len(closure.members)} pour {self.market.min_size[j]} au minimum)"
            )
            if self.stable[i] == j:
                text += ", alors que l'appariement stable l'y plaçait"
            return text
        if self.closed[j]:
            return f"{lead} n'a pas été ouvert par l'optimisation"
        if self._pinned_to[i] < 0 and not self._seats_left(j):
            return f"{lead} avait toutes ses places fixées d'office"
        return f"{lead} {self.outcome(i, j)}"

    def outcome(self, i: int, j: int) -> str:
        """What défi j did with candidate i, had i been among its applicants at the end.

        The seating of j's members plus i depends only on i's place among the
        members in j's priority order and on i's profile (if j reserves seats):
        it is worked out once per such key; only i's own score is then put in
        the words.
        """
        if not self.memo:
            return self._outcome(i, j)
        rank, score, _ = self.pair[i * self.market.m + j]
        ranks = self._member_ranks.get(j)
        if ranks is None:
            pinned = set(self.market.pinned[j])
            m = self.market.m
            ranks = sorted(self.pair[k * m + j][0] for k in self.members[j] if k not in pinned)
            self._member_ranks[j] = ranks
        profile = self._profile[i] if self.market.reserved[j] else -1
        key = (j, profile, bisect_left(ranks, rank))
        standing = self._standings.get(key)
        if standing is None:
            standing = self._standings[key] = self._standing(i, j)
        if isinstance(standing, str):
            return standing
        return "a retenu " + self._retained(standing, score)

    def _outcome(self, i: int, j: int) -> str:
        standing = self._standing(i, j)
        if isinstance(standing, str):
            return standing
        return "a retenu " + self._retained(standing, self.score(i, j))

    def _standing(self, i: int, j: int) -> str | tuple:
        """The words when i would be taken, else the facts about who holds the seats."""
        seats, turned_down = self.seat(j, [*self.members[j], i])
        if i not in turned_down:
            return (
                "l'aurait pris·e, mais l'optimisation a choisi autrement "
                "(paire bloquante, voir stability_given_up)"
            )
        return self._holders(self._profile[i], j, seats)

    def _seats_left(self, j: int) -> int:
        return self._capacity[j] - len(self.market.pinned[j])

    def winners(self, i: int, j: int, seats: list[Seat]) -> str:
        """Who holds défi j's seats in i's place, in words with their jury scores."""
        return self._retained(self._holders(self._profile[i], j, seats), self.score(i, j))

    def _holders(self, mine: int, j: int, seats: list[Seat]) -> tuple:
        """(by score: (who, how many, lowest score, their scores in words) or None,
        the other parts in words) for a person of profile ``mine`` turned down."""
        market = self.market
        by_score, by_profile, pinned = [], {}, 0
        for seat in seats:
            if seat.candidate is None:
                continue
            if seat.pinned:
                pinned += 1
            elif (
                seat.profiles is not None
                and market.profile[seat.candidate] in seat.profiles
                and mine not in seat.profiles
            ):
                by_profile.setdefault(seat.profiles, []).append(seat.candidate)
            else:
                by_score.append(seat.candidate)
        scored = None
        if by_score:
            scores = sorted((self.score(k, j) for k in by_score), reverse=True)
            profiles = {market.profile[k] for k in by_score}
            if len(profiles) == 1 and market.reserved[j]:
                (code,) = profiles
                who = count_words(len(by_score), self.label(code), self.label(code, plural=True))
            else:
                who = count_words(len(by_score), "personne", "personnes", feminine=True)
            scored = (who, len(scores), scores[-1], join_words([score_text(s) for s in scores]))
        parts = []
        for profiles, holders in by_profile.items():
            holder_profiles = {market.profile[k] for k in holders}
            code = holder_profiles.pop() if len(holder_profiles) == 1 else None
            who = (
                count_words(len(holders), self.label(code), self.label(code, plural=True))
                if code is not None
                else count_words(len(holders), "personne", "personnes", feminine=True)
            )
            where = "la place réservée" if len(holders) == 1 else "les places réservées"
            parts.append(f"{who} sur {where} aux {self.seat_label(profiles)}")
        if pinned:
            parts.append(
                count_words(pinned, "personne affectée", "personnes affectées", feminine=True)
                + " d'office"
            )
        return scored, parts

    def _retained(self, holders: tuple, mine_score: float) -> str:
        scored, others = holders
        if scored is None:
            return join_words(others)
        who, count, lowest, figures = scored
        tied = lowest == mine_score
        if count == 1:
            higher = "au score de jury égal" if tied else "au score de jury plus élevé"
        else:
            higher = "aux scores de jury plus élevés" + (" ou égaux" if tied else "")
        tie = " ; à égalité, le tirage au sort l'a placé·e après" if tied else ""
        mine = self._score_words.get(mine_score)
        if mine is None:
            mine = self._score_words[mine_score] = score_text(mine_score)
        return join_words([f"{who} {higher} ({figures} contre {mine}{tie})", *others])

    def history(self, i: int) -> str:
        """What the minimum-size step or the optimisation changed for candidate i."""
        before, after = int(self.stable[i]), self._placed[i]
        if before == after or self._pinned_to[i] >= 0:
            return ""
        position = self.pair[i * self.market.m + before][2] if before >= 0 else None
        where = (
            f"son {ordinal(position)} choix ({self.title(before)})"
            if before >= 0
            else "aucune équipe"
        )
        if self.mode == "optimal":
            return f" L'appariement stable lui aurait donné {where}."
        if before in self.closures:
            return ""  # said by the refusal of that choice
        return (
            f" L'appariement stable lui donnait {where} ; après la fermeture d'un défi, "
            "une personne replacée lui est passée devant."
        )

    # Défis ------------------------------------------------------------------

    def challenge(self, j: int) -> str:
        market = self.market
        ids = market.candidate_ids
        size, cap, low = len(self.members[j]), int(market.capacity[j]), int(market.min_size[j])
        if j in self.closures:
            closure = self.closures[j]
            people = join_words([ids[i] for i in closure.members])
            return (
                f"Fermé à l'étape {closure.step} de la taille minimale : "
                f"{count_words(len(closure.members), 'personne', 'personnes', True)} ({people}) "
                f"pour {low} au minimum ; tout appariement stable lui donnait ce même nombre."
            )
        applicants = self._applicants(j)
        if self.closed[j]:
            received = count_words(
                len(applicants), "candidature recevable", "candidatures recevables", True
            )
            return f"Non ouvert par l'optimisation ({received})."
        if cap == 0:
            return "Aucune place (capacité 0)."
        if size == cap:
            sentences = [f"Équipe complète ({size}/{cap})."]
        elif size == 0:
            sentences = [f"Aucun membre (0/{cap})."]
        else:
            sentences = [f"Équipe de {size} sur {cap} places."]
        if size < low:
            if market.pinned[j]:
                fixed = join_words([ids[i] for i in market.pinned[j]])
                why = f"non fermé car {fixed} y est affecté·e d'office"
            elif self.mode == "stable":
                why = "l'étape de taille minimale n'a pas été demandée"
            else:
                why = "aucune personne à replacer"
            sentences.append(f"En sous-effectif : {size} pour {low} au minimum ({why}).")
        if size < cap:
            sentences.append(self._why_not_full(j, applicants))
        for seat in self.seatings[j]:
            if seat.profiles is None or seat.pinned:
                continue
            wanted = self.seat_label(seat.profiles)
            if seat.candidate is None:
                sentences.append(f"Place réservée aux {wanted} : vide.")
            elif market.profile[seat.candidate] not in seat.profiles:
                taken = self.label(market.profile[seat.candidate])
                sentences.append(
                    f"Place réservée aux {wanted} : prise par {ids[seat.candidate]} ({taken}), "
                    f"aucune personne de ce profil ne la demandant à son rang."
                )
        if self.members[j]:
            people = [
                f"{ids[s.candidate]} ({self.label(market.profile[s.candidate])}"
                + (
                    ", affecté·e d'office"
                    if s.pinned
                    else f", {score_text(self.score(s.candidate, j))}"
                )
                + ")"
                for s in self.seatings[j]
                if s.candidate is not None
            ]
            sentences.append("Membres : " + join_words(people) + ".")
        return " ".join(sentences)

    def _applicants(self, j: int) -> list[int]:
        market = self.market
        start, end = market.applicant_ptr[j], market.applicant_ptr[j + 1]
        return [
            i for i in market.applicant_candidate[start:end].tolist() if market.pinned_to[i] < 0
        ]

    def _why_not_full(self, j: int, applicants: list[int]) -> str:
        m = self.market.m
        others = [i for i in applicants if self.assignment[i] != j]
        if not others:
            return "Aucune autre candidature recevable."
        preferred = sum(
            1
            for i in others
            if self.assignment[i] >= 0
            and self.pair[i * m + int(self.assignment[i])][2] < self.pair[i * m + j][2]
        )
        sentence = ""
        if preferred:
            sentence = (
                f"{count_words(preferred, 'autre personne', 'autres personnes', True)} "
                "qui l'avai"
                + ("t" if preferred == 1 else "ent")
                + " demandé "
                + ("a" if preferred == 1 else "ont")
                + " obtenu un choix mieux classé."
            )
        rest = len(others) - preferred
        if rest:
            sentence += (
                f" {count_words(rest, 'autre personne', 'autres personnes', True)} "
                "ne l'"
                + ("a" if rest == 1 else "ont")
                + " pas obtenu alors qu'il était mieux classé (voir stability_given_up)."
            )
        sentence = sentence.strip()
        return sentence[:1].upper() + sentence[1:]

    # Stability given up ---------------------------------------------------------

    def given_up(self, status: str | None = None, required_profile: str | None = None) -> list[str]:
        market = self.market
        ids = market.candidate_ids
        lines = []
        if self.mode != "optimal" and not self.closures:
            return lines  # the stable matching stands: nothing given up
        if self.mode == "optimal":
            required = ""
            if required_profile is not None:
                singular, _ = LABELS.get(required_profile, (required_profile, required_profile))
                required = f" et au moins un·e {singular}"
            lines.append(
                f"Mode optimal (CP-SAT, statut {status}) : chaque équipe ouverte compte de "
                f"son minimum à sa capacité{required} ; la stabilité n'est plus garantie."
            )
            shut = [market.challenge_ids[j] for j in np.flatnonzero(self.closed).tolist()]
            if shut:
                lines.append("Défis non ouverts : " + join_words(shut) + ".")
        for j, closure in sorted(self.closures.items(), key=lambda item: item[1].step):
            people = join_words([ids[i] for i in closure.members])
            lines.append(
                f"Étape {closure.step} : {self.title(j)} ({market.challenge_ids[j]}) fermé avec "
                f"{counted(len(closure.members), 'personne', 'personnes')} "
                f"pour {market.min_size[j]} au minimum ; "
                f"{people} y avai{'t' if len(closure.members) == 1 else 'ent'} "
                "une place dans l'appariement stable."
            )
        moved = []
        for i in range(market.n):
            before, after = int(self.stable[i]), int(self.assignment[i])
            if before != after:
                moved.append(
                    f"{ids[i]} ({self._choice_words(i, before)} → {self._choice_words(i, after)})"
                )
        if moved:
            lines.append(
                "Placements différents de l'appariement stable : " + ", ".join(moved) + "."
            )
        if self.mode != "stable" or self.blocking:
            with_closed = [(c, d) for c, d in sorted(self.blocking) if self._closed_id(d)]
            with_open = [(c, d) for c, d in sorted(self.blocking) if not self._closed_id(d)]
            if with_closed:
                sample = ", ".join(f"{c} et {d}" for c, d in with_closed[:20])
                more = f" et {len(with_closed) - 20} autres" if len(with_closed) > 20 else ""
                lines.append(
                    f"{counted(len(with_closed), 'paire bloquante', 'paires bloquantes')} "
                    "avec des défis fermés "
                    f"(la personne le préfère et il l'aurait prise) : {sample}{more}."
                )
            if with_open:
                sample = ", ".join(f"{c} et {d}" for c, d in with_open[:20])
                more = f" et {len(with_open) - 20} autres" if len(with_open) > 20 else ""
                lines.append(
                    f"{counted(len(with_open), 'paire bloquante', 'paires bloquantes')} "
                    f"entre défis ouverts : {sample}{more}."
                )
            elif self.mode != "stable":
                lines.append("Aucune paire bloquante entre les défis ouverts.")
        return lines

    def _closed_id(self, did: str) -> bool:
        return bool(self.closed[self.index[did]])

    def _choice_words(self, i: int, j: int) -> str:
        if j < 0:
            return "sans équipe"
        position = self.pair.get(i * self.market.m + j, (0, 0.0, None))[2]
        return f"{ordinal(position)} choix" if position is not None else self.title(j)


class LazyExplanations(Mapping):
    """id -> explanation, each computed when first read (then kept).

    Same texts as computing them all up front; for a screen that shows a
    handful of people or défis out of thousands.
    """

    def __init__(self, ids: list[str], explain):
        self._ids = ids
        self._index = {key: k for k, key in enumerate(ids)}
        self._explain = explain
        self._done: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        text = self._done.get(key)
        if text is None:
            text = self._done[key] = self._explain(self._index[key])
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    @property
    def computed(self) -> int:
        """How many texts have been computed so far."""
        return len(self._done)
