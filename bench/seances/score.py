"""Score the facts an engine extracted from a séance against its truth.

Facts are counted per kind (``KINDS``): ``expected`` (in the truth), ``predicted`` (asserted by the
engine), ``correct`` (both, and equal). Precision = correct / predicted, recall = correct /
expected. Numbers that a PV would print wrong — a vote count, a présents / représentés /
votants count, a ballot figure that differs from the truth, or that the truth says cannot be
known — are counted apart (``wrong_numbers``). Facts that sit in an item are only correct in the
right item: items are aligned first (same number, or same title for an unnumbered section, in
order), then votes, decisions and actions by the time they were said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .match import date_matches, near, align, pair_by_time, same_number, same_person, same_title
from .seance import NAME_LISTS, VOTE_COUNTS, Seance

KINDS = ("items", "item_start", "item_type", "attendance", "item_counts", "president", "seance",
         "movements", "votes", "vote_counts", "vote_names", "vote_special", "decisions", "actions",
         "action_owner", "action_deadline")

#: an item starts within this of its announcement
START_TOLERANCE_MS = 15_000
#: a vote, decision or action is the truth's when heard this close to the truth's quote
VOTE_WINDOW_MS = 45_000
FACT_WINDOW_MS = 20_000
NEGATIVE_SLACK_MS = 0


@dataclass
class Tally:
    expected: int = 0
    predicted: int = 0
    correct: int = 0

    def add(self, other: "Tally") -> None:
        self.expected += other.expected
        self.predicted += other.predicted
        self.correct += other.correct

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None


@dataclass
class Score:
    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    wrong_vote_numbers: int = 0
    wrong_attendance_numbers: int = 0
    negatives_hit: int = 0
    docx_mismatches: int = 0
    #: readable lines: what was missed or wrong (dev séances only are ever printed)
    notes: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for k in KINDS:
            self.tallies[k].add(other.tallies[k])
        self.wrong_vote_numbers += other.wrong_vote_numbers
        self.wrong_attendance_numbers += other.wrong_attendance_numbers
        self.negatives_hit += other.negatives_hit
        self.docx_mismatches += other.docx_mismatches

    @property
    def wrong_numbers(self) -> int:
        return self.wrong_vote_numbers + self.wrong_attendance_numbers

    def total(self) -> Tally:
        t = Tally()
        for k in KINDS:
            t.add(self.tallies[k])
        return t

    def to_dict(self) -> dict[str, Any]:
        def r(x):
            return None if x is None else round(x, 4)
        total = self.total()
        return {
            "kinds": {k: {"expected": t.expected, "predicted": t.predicted, "correct": t.correct,
                          "precision": r(t.precision), "recall": r(t.recall)}
                      for k, t in self.tallies.items()},
            "total": {"expected": total.expected, "predicted": total.predicted, "correct": total.correct,
                      "precision": r(total.precision), "recall": r(total.recall)},
            "wrong_vote_numbers": self.wrong_vote_numbers,
            "wrong_attendance_numbers": self.wrong_attendance_numbers,
            "negatives_hit": self.negatives_hit,
            "docx_mismatches": self.docx_mismatches,
        }


# --- scoring -------------------------------------------------------------------------------------


def score(seance: Seance, pred: dict[str, Any], spans: dict[str, tuple[int, int]],
          printed: list[dict] | None = None) -> Score:
    """The score of one extraction ``pred`` of ``seance`` (``spans``: quote -> time span)."""
    s = Score()
    truth = seance.truth
    _score_seance(seance, truth, pred, s)
    _score_attendance(seance, truth.get("attendance") or {}, pred.get("attendance") or {}, s)
    t_items, p_items = truth.get("items", []), pred.get("items", [])
    pairs = align(t_items, p_items)
    paired_t = {i: j for i, j in pairs}
    paired_p = {j for _, j in pairs}
    T = s.tallies
    T["items"].expected += len(t_items)
    T["items"].predicted += len(p_items)
    for i, j in pairs:
        t, p = t_items[i], p_items[j]
        if t.get("number") is None or same_title(t.get("title"), p.get("title")) or seance.form is not None:
            T["items"].correct += 1
        else:
            s.notes.append(f"item {t.get('number')}: title {p.get('title')!r} for {t.get('title')!r}")
    # Before the first item nothing is decided or voted, except when the engine placed no item in
    # time at all: then its one section is the whole meeting and claims no item, so its facts
    # may be any item's (matched by time; the missing items are counted under "items").
    opening = {k: list(v) for k, v in (pred.get("opening") or {}).items()}
    pool = opening if not any(p.get("start_ms") is not None for p in p_items) else {}
    for i, t in enumerate(t_items):
        p = p_items[paired_t[i]] if i in paired_t else None
        if p is None:
            s.notes.append(f"item {t.get('number') or t.get('title')}: missing")
        _score_item(seance, t, p, spans, s, pool)
    for j, p in enumerate(p_items):
        if j not in paired_p:
            s.notes.append(f"extra item {p.get('number')} {p.get('title')!r}")
            _score_item(seance, None, p, spans, s, {})
    _score_opening(seance, opening, s)
    _score_movements(seance, truth.get("movements", []), pred.get("movements", []), s)
    _score_negatives(truth.get("negatives", []), pred, spans, s)
    if printed is not None:
        facts = [v for p in p_items for v in p.get("votes", [])]
        s.docx_mismatches = _docx_mismatches(facts, printed)
    return s


def _score_opening(seance: Seance, opening: dict, s: Score) -> None:
    """Votes, decisions and actions printed before the first item: none belongs there."""
    for v in opening.get("votes", []):
        _score_vote(seance, None, v, s, "opening vote")
    _score_decisions(seance, [], opening.get("decisions", []), {}, s, "opening")
    if seance.is_codir:
        _score_actions(seance, [], opening.get("actions", []), {}, s, "opening")


def _score_seance(seance: Seance, truth: dict, pred: dict, s: Score) -> None:
    t = s.tallies["seance"]
    for key in ("opening_time", "closing_time"):
        _value(t, truth.get(key), pred.get(key), s, key)
    for name in truth.get("secretaries", []):
        t.expected += 1
        found = any(same_person(p, name, seance) for p in pred.get("secretaries", []))
        t.correct += found
        if not found:
            s.notes.append(f"secrétaire: {name} missing ({pred.get('secretaries', [])})")
    t.predicted += len(pred.get("secretaries", []))
    _person(s.tallies["president"], truth.get("president"), pred.get("president"), seance, s, "president")
    tpv, ppv = truth.get("previous_pv"), pred.get("previous_pv")
    if tpv is not None:
        t.expected += 1
        if ppv and ppv.get("status") == tpv["status"]:
            t.correct += 1
        else:
            s.notes.append(f"previous PV: {ppv and ppv.get('status')} for {tpv['status']}")
        if tpv.get("date"):
            t.expected += 1
            ok = bool(ppv and date_matches(ppv.get("date"), tpv["date"]))
            t.correct += ok
            if not ok:
                s.notes.append(f"previous PV date: {ppv and ppv.get('date')} for {tpv['date']}")
        if tpv.get("vote"):
            _score_vote(seance, tpv["vote"], ppv.get("vote") if ppv else None, s, "PV")
        elif ppv and ppv.get("vote"):
            _score_vote(seance, None, ppv["vote"], s, "PV")
    if ppv:
        t.predicted += 1 + bool(ppv.get("date"))


def _value(tally: Tally, truth: Any, pred: Any, s: Score, what: str) -> bool:
    """One value: counted expected if known, predicted if given; True when it is a wrong one."""
    if truth is not None:
        tally.expected += 1
    if pred is None:
        if truth is not None:
            s.notes.append(f"{what}: missing ({truth})")
        return False
    tally.predicted += 1
    if truth is not None and pred == truth:
        tally.correct += 1
        return False
    s.notes.append(f"{what}: {pred} for {truth}")
    return True


def _person(tally: Tally, truth: str | None, pred: str | None, seance: Seance, s: Score, what: str) -> None:
    if truth:
        tally.expected += 1
    if pred:
        tally.predicted += 1
    if truth and pred and same_person(pred, truth, seance):
        tally.correct += 1
    elif truth or pred:
        s.notes.append(f"{what}: {pred!r} for {truth!r}")


def _names(tally: Tally, truth: list[str], pred: list[str], seance: Seance, s: Score, what: str) -> None:
    tally.expected += len(truth)
    tally.predicted += len(pred)
    left = list(pred)
    for name in truth:
        hit = next((p for p in left if same_person(p, name, seance)), None)
        if hit is not None:
            tally.correct += 1
            left.remove(hit)
        else:
            s.notes.append(f"{what}: {name} missing")
    for p in left:
        s.notes.append(f"{what}: {p!r} wrong")


def _score_attendance(seance: Seance, truth: dict, pred: dict, s: Score) -> None:
    t = s.tallies["attendance"]
    for key in ("in_office", "present_count"):
        if _value(t, truth.get(key), pred.get(key), s, f"attendance {key}"):
            s.wrong_attendance_numbers += 1
    if truth.get("present") is not None:
        _names(t, truth["present"], pred.get("present") or [], seance, s, "présent")
    elif pred.get("present"):
        t.predicted += len(pred["present"])
    for key, what in (("excused", "excusé"), ("absent", "absent")):
        _names(t, truth.get(key, []), pred.get(key) or [], seance, s, what)
    t.expected += len(truth.get("represented", []))
    t.predicted += len(pred.get("represented", []))
    left = list(pred.get("represented", []))
    for r in truth.get("represented", []):
        hit = next((p for p in left if same_person(p.get("member"), r["member"], seance)
                    and same_person(p.get("proxy"), r["proxy"], seance)), None)
        if hit:
            t.correct += 1
            left.remove(hit)
        else:
            s.notes.append(f"pouvoir {r['member']} -> {r['proxy']} missing")
    for p in left:
        s.notes.append(f"pouvoir {p.get('member')!r} -> {p.get('proxy')!r} wrong")


_NO_VOTE_TYPES = ("information", "debat", "prise_d_acte", "questions_diverses", "retire", "ajourne")


def _with_pool(own: list[dict], pool: dict, key: str) -> list[dict]:
    return own + pool.get(key, [])


def _take_from_pool(pool: dict, key: str, candidates: list[dict], own: int, used: set[int]) -> None:
    """Remove from the pool the facts of ``candidates`` (past index ``own``) that were paired."""
    taken = [id(candidates[j]) for j in used if j >= own]
    if taken:
        pool[key] = [f for f in pool[key] if id(f) not in taken]


def _score_item(seance: Seance, t: dict | None, p: dict | None, spans: dict, s: Score, pool: dict) -> None:
    T = s.tallies
    label = f"item {(t or p or {}).get('number')}"
    t = t or {}
    p = p or {}
    # start
    start = spans.get(t.get("start_quote") or "")
    if start is not None:
        T["item_start"].expected += 1
    if p.get("start_ms") is not None:
        T["item_start"].predicted += 1
        if start is not None and abs(p["start_ms"] - start[0]) <= START_TOLERANCE_MS:
            T["item_start"].correct += 1
        else:
            s.notes.append(f"{label}: starts at {p['start_ms'] / 1000:.0f} s, truth {start and start[0] / 1000}")
    # type: only the sections that are not plain votes are a fact
    if t.get("type") in _NO_VOTE_TYPES:
        T["item_type"].expected += 1
    if p.get("type") in _NO_VOTE_TYPES:
        T["item_type"].predicted += 1
    if t.get("type") in _NO_VOTE_TYPES or p.get("type") in _NO_VOTE_TYPES:
        if t.get("type") == p.get("type"):
            T["item_type"].correct += 1
        else:
            s.notes.append(f"{label}: type {p.get('type')} for {t.get('type')}")
    # attendance at the item (conseils)
    if not seance.is_codir:
        for key in ("present", "represented", "voters"):
            if t:
                if _value(T["item_counts"], t.get(key), p.get(key), s, f"{label} {key}"):
                    s.wrong_attendance_numbers += 1
            elif p.get(key) is not None:
                T["item_counts"].predicted += 1
        if t:
            _person(T["president"], t.get("president"), p.get("president"), seance, s, f"{label} président")
        elif p.get("president"):
            T["president"].predicted += 1
    # votes
    t_votes, own = t.get("votes", []), p.get("votes", [])
    p_votes = _with_pool(own, pool, "votes")
    pairs = pair_by_time(t_votes, p_votes, spans, VOTE_WINDOW_MS)
    if not pairs and t_votes and own and all(v.get("time_ms") is None for v in own):
        pairs = list(zip(range(len(t_votes)), range(len(own))))
    done_p = {j for _, j in pairs}
    _take_from_pool(pool, "votes", p_votes, len(own), done_p)
    paired = dict(pairs)
    for i, tv in enumerate(t_votes):
        _score_vote(seance, tv, p_votes[paired[i]] if i in paired else None, s, f"{label} vote {i + 1}")
    for j, pv in enumerate(own):
        if j not in done_p:
            _score_vote(seance, None, pv, s, f"{label} extra vote")
    # decisions (a PV prints them too), actions (only a CODIR's compte rendu has an action table)
    for key, scorer in (("decisions", _score_decisions), ("actions", _score_actions)):
        if key == "actions" and not seance.is_codir:
            continue
        own = p.get(key, [])
        candidates = _with_pool(own, pool, key)
        used = scorer(seance, t.get(key, []), candidates, spans, s, label, own=len(own))
        _take_from_pool(pool, key, candidates, len(own), used)


def _score_vote(seance: Seance, tv: dict | None, pv: dict | None, s: Score, label: str) -> None:
    T = s.tallies
    tv = tv or {}
    if tv:
        T["votes"].expected += 1
    if pv:
        T["votes"].predicted += 1
    pv = pv or {}
    if tv and pv and pv.get("result") == tv.get("result") and _unanimity_ok(tv, pv):
        T["votes"].correct += 1
    elif tv or pv:
        s.notes.append(f"{label}: result {pv.get('result')} unanimous={pv.get('unanimous')} "
                       f"for {tv.get('result')} unanimous={tv.get('unanimous')}")
    left_room = len((tv.get("names") or {}).get("left_room", []))
    for key in VOTE_COUNTS:
        truth, pred = tv.get(key) if tv else None, pv.get(key)
        if key == "npv" and truth is not None and pred == truth + left_room:
            truth = pred
        if tv.get("ballot"):
            continue  # a secret ballot is scored on its own figures
        if _value(T["vote_counts"], truth, pred, s, f"{label} {key}"):
            s.wrong_vote_numbers += 1
    tb, pb = tv.get("ballot") or {}, pv.get("ballot") or {}
    for key in ("votants", "blancs_nuls", "exprimes", "majorite_absolue"):
        if (tb or pb) and _value(T["vote_counts"], tb.get(key), pb.get(key), s, f"{label} ballot {key}"):
            s.wrong_vote_numbers += 1
    p_cands = list(pb.get("candidates", []))
    for cand in tb.get("candidates", []):
        hit = next((c for c in p_cands if same_person(c.get("name"), cand["name"], seance)), None)
        if hit:
            p_cands.remove(hit)
        if _value(T["vote_counts"], cand["votes"], hit and hit.get("votes"), s, f"{label} ballot {cand['name']}"):
            s.wrong_vote_numbers += 1
    for c in p_cands:
        if _value(T["vote_counts"], None, c.get("votes"), s, f"{label} ballot {c.get('name')}"):
            s.wrong_vote_numbers += 1
    tn, pn = tv.get("names") or {}, pv.get("names") or {}
    for key in NAME_LISTS:
        _names(T["vote_names"], tn.get(key, []), pn.get(key, []), seance, s, f"{label} {key}")
    sp = T["vote_special"]
    for key in ("casting_vote",):
        if tv.get(key):
            sp.expected += 1
        if pv.get(key):
            sp.predicted += 1
            sp.correct += bool(tv.get(key))
    if tv.get("scrutin") == "secret":
        sp.expected += 1
    if pv.get("scrutin") == "secret":
        sp.predicted += 1
        sp.correct += tv.get("scrutin") == "secret"
    if tb.get("elected"):
        _person(sp, tb["elected"], pb.get("elected"), seance, s, f"{label} élu")
    elif pb.get("elected"):
        sp.predicted += 1


def _unanimity_ok(tv: dict, pv: dict) -> bool:
    """Unanimity announced must be found; claimed, it must fit (adopted, no contre)."""
    if tv.get("unanimous"):
        return bool(pv.get("unanimous"))
    return not pv.get("unanimous") or (tv.get("result") == "adopté" and tv.get("contre") == 0)


def _score_decisions(seance: Seance, truth: list[dict], pred: list[dict], spans: dict, s: Score, label: str,
                     own: int | None = None) -> set[int]:
    """Decisions paired by time; ``pred[own:]`` may pair but are not counted when they do not
    (facts of the whole-meeting section, see ``score``). Returns the indices of ``pred`` used."""
    own = len(pred) if own is None else own
    T = s.tallies["decisions"]
    pairs = pair_by_time(truth, pred, spans, FACT_WINDOW_MS)
    used = {j for _, j in pairs}
    T.expected += len(truth)
    T.predicted += own + sum(1 for j in used if j >= own)
    T.correct += len(pairs)
    found = {i for i, _ in pairs}
    for i, d in enumerate(truth):
        if i not in found:
            s.notes.append(f"{label}: decision missing: {d['text']}")
    for j, d in enumerate(pred[:own]):
        if j not in used:
            s.notes.append(f"{label}: wrong decision: {d.get('text', '')[:80]!r}")
    return used


def _score_actions(seance: Seance, truth: list[dict], pred: list[dict], spans: dict, s: Score, label: str,
                   own: int | None = None) -> set[int]:
    """Actions, their owners and deadlines; ``own`` as for :func:`_score_decisions`."""
    own = len(pred) if own is None else own
    T = s.tallies
    pairs = pair_by_time(truth, pred, spans, FACT_WINDOW_MS)
    used = {j for _, j in pairs}
    T["actions"].expected += len(truth)
    T["actions"].predicted += own + sum(1 for j in used if j >= own)
    T["actions"].correct += len(pairs)
    paired = dict(pairs)
    for i, a in enumerate(truth):
        p = pred[paired[i]] if i in paired else {}
        if not p:
            s.notes.append(f"{label}: action missing: {a['what']}")
        _person(T["action_owner"], a.get("owner"), p.get("owner"), seance, s, f"{label} action owner")
        _value(T["action_deadline"], a.get("deadline"), p.get("deadline"), s, f"{label} action deadline")
    for j, p in enumerate(pred[:own]):
        if j not in used:
            s.notes.append(f"{label}: wrong action: {p.get('what', '')[:80]!r}")
            T["action_owner"].predicted += bool(p.get("owner"))
            T["action_deadline"].predicted += bool(p.get("deadline"))
    return used


def _score_movements(seance: Seance, truth: list[dict], pred: list[dict], s: Score) -> None:
    T = s.tallies["movements"]
    T.expected += len(truth) + sum(1 for m in truth if m.get("proxy"))
    T.predicted += len(pred) + sum(1 for m in pred if m.get("proxy"))
    left = list(pred)
    for m in truth:
        hit = next((p for p in left if p.get("kind") == m["kind"] and same_person(p.get("name"), m["name"], seance)
                    and same_number(p.get("item"), m["item"])), None)
        if hit is None:
            s.notes.append(f"movement {m['kind']} {m['name']} (item {m['item']}) missing")
            continue
        left.remove(hit)
        T.correct += 1
        if m.get("proxy") and same_person(hit.get("proxy"), m["proxy"], seance):
            T.correct += 1
        elif m.get("proxy"):
            s.notes.append(f"movement {m['name']}: pouvoir to {m['proxy']} missing")
    for p in left:
        s.notes.append(f"wrong movement {p.get('kind')} {p.get('name')!r} (item {p.get('item')})")


def _score_negatives(negatives: list[dict], pred: dict, spans: dict, s: Score) -> None:
    items = [*pred.get("items", []), pred.get("opening") or {}]
    times = {
        "vote": [v.get("time_ms") for i in items for v in i.get("votes", [])],
        "decision": [d.get("time_ms") for i in items for d in i.get("decisions", [])],
        "action": [a.get("time_ms") for i in items for a in i.get("actions", [])],
        "item": [i.get("start_ms") for i in items if "start_ms" in i],
        "movement": [m.get("time_ms") for m in pred.get("movements", [])],
    }
    for n in negatives:
        span = spans.get(n["quote"])
        if span and any(near(x, span, NEGATIVE_SLACK_MS) for x in times[n["kind"]]):
            s.negatives_hit += 1
            s.notes.append(f"negative read as a {n['kind']}: {n['quote'][:60]!r}")


def _docx_mismatches(facts: list[dict], printed: list[dict]) -> int:
    """Votes whose printed counts differ from the facts, plus votes printed or facts missing."""
    mismatches = abs(len(facts) - len(printed))
    for f, p in zip(facts, printed):
        if any(f.get(k) != p.get(k) for k in VOTE_COUNTS):
            mismatches += 1
    return mismatches


# --- the truth as a perfect prediction (to test the scorer) --------------------------------------


def truth_as_prediction(seance: Seance, spans: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """What a perfect engine would extract: the truth with the times of its quotes."""
    import copy

    pred = copy.deepcopy(seance.truth)

    def time_of(d: dict) -> None:
        if d.get("quote") in spans:
            d["time_ms"] = spans[d["quote"]][0]

    for item in pred.get("items", []):
        q = item.get("start_quote")
        item["start_ms"] = spans[q][0] if q in spans else None
        for key in ("votes", "decisions", "actions"):
            for d in item.get(key, []):
                time_of(d)
    for m in pred.get("movements", []):
        time_of(m)
    if pred.get("previous_pv") and pred["previous_pv"].get("vote"):
        time_of(pred["previous_pv"]["vote"])
    return pred
