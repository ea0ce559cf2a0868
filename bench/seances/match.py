"""How the scorer decides that a predicted fact is the truth's: same person, same item, same time."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from transcriber.minutes.text import fold

from .seance import Seance, name_words

def same_person(predicted: str | None, truth: str | None, seance: Seance) -> bool:
    """Same person: the predicted words (before a comma: « M. X, maire ») are the truth's, or a
    part of them (« Perrot », « Élodie »), or the truth's role (« le maire », « la DRH »)."""
    if not predicted or not truth:
        return False
    pw, tw = name_words(predicted.split(",")[0]), name_words(truth)
    if not pw or not tw:
        return False
    if set(pw) <= set(tw):
        return True
    role = _role_of(truth, seance)
    return bool(role) and name_words(role) == pw


def _role_of(name: str, seance: Seance) -> str:
    words = set(name_words(name))
    for p in seance.people:
        if p.role and set(name_words(p.name)) == words:
            return p.role
    return ""


def same_number(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    return (str(a).strip().lstrip("0") or "0").lower() == (str(b).strip().lstrip("0") or "0").lower()


def same_title(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return fuzz.token_set_ratio(fold(a), fold(b)) >= 70


def _item_match(t: dict, p: dict) -> bool:
    if t.get("number") is not None and p.get("number") is not None:
        return same_number(t["number"], p["number"])
    return same_title(t.get("title"), p.get("title"))


def align(truth_items: list[dict], pred_items: list[dict]) -> list[tuple[int, int]]:
    """Pairs (truth index, predicted index): the longest in-order matching."""
    n, m = len(truth_items), len(pred_items)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if _item_match(truth_items[i], pred_items[j]):
                best[i][j] = 1 + best[i + 1][j + 1]
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if _item_match(truth_items[i], pred_items[j]) and best[i][j] == 1 + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def near(time_ms: int | None, span: tuple[int, int] | None, window: int) -> bool:
    if time_ms is None or span is None:
        return False
    return span[0] - window <= time_ms <= span[1] + window


def pair_by_time(truth: list[dict], pred: list[dict], spans: dict, window: int) -> list[tuple[int, int]]:
    """Truth and predicted facts paired by time: closest pairs first, each predicted fact heard
    within ``window`` of the truth's quote (0 inside it)."""
    candidates = []
    for i, t in enumerate(truth):
        span = spans.get(t.get("quote", ""))
        for j, p in enumerate(pred):
            if span and near(p.get("time_ms"), span, window):
                x = p["time_ms"]
                distance = 0 if span[0] <= x <= span[1] else min(abs(x - span[0]), abs(x - span[1]))
                candidates.append((distance, i, j))
    pairs, used_t, used_p = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_t and j not in used_p:
            used_t.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def date_matches(predicted: str | None, truth_iso: str) -> bool:
    if not predicted:
        return False
    if predicted == truth_iso:
        return True
    months = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
              "octobre", "novembre", "decembre")
    y, m, d = (int(x) for x in truth_iso.split("-"))
    return bool(re.search(rf"\b{d}(?:er)?\s+{months[m - 1]}\b", fold(predicted)))
