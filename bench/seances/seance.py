"""A hand-written séance (``tests/data/seances/<split>/<name>/``): read it and check it.

``load_seance`` reads ``seance.toml``, ``script.txt``, the optional ``form.toml`` and
``truth.json``; ``validate`` returns what is wrong with them (schema of the README there, quotes
found once, counts that add up, per-item attendance that follows from the movements).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transcriber.minutes.form import MinutesForm, load_form
from transcriber.minutes.text import fold

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "tests" / "data" / "seances"
SPLITS = ("holdout", "dev")
KINDS = ("conseil_municipal", "conseil_communautaire", "codir")
ITEM_TYPES = ("deliberation", "information", "debat", "prise_d_acte", "election", "questions_diverses",
              "retire", "ajourne", "point")
VOTE_COUNTS = ("pour", "contre", "abstentions", "npv")
NAME_LISTS = ("pour", "contre", "abstentions", "npv", "left_room")
NEGATIVE_KINDS = ("vote", "decision", "action", "item", "movement")
PV_STATUSES = ("approuvé", "reporté", "rejeté")

_TURN = re.compile(r"^([^\s:#\[][^:]{0,60}?): (.*)$")
_PAUSE = re.compile(r"^\[pause (\d+(?:\.\d+)?)\]$")
_MARKER = re.compile(r"^\[marqueur (.+)\]$")
_CIVILITIES = {"m", "mme", "mlle", "mm", "mmes", "monsieur", "madame", "dr"}


@dataclass
class Person:
    name: str
    civility: str = ""
    role: str = ""
    elected: bool = False


@dataclass
class ScriptTurn:
    speaker: str
    text: str
    #: silence before the turn, seconds (None: the usual short gap)
    pause_s: float | None = None
    #: agenda markers set while recording, at the start of this turn
    markers: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class Seance:
    name: str
    split: str
    path: Path
    title: str
    kind: str
    date: str
    people: list[Person]
    turns: list[ScriptTurn]
    form: MinutesForm | None
    truth: dict[str, Any]
    seed: int = 0

    @property
    def is_codir(self) -> bool:
        return self.kind == "codir"

    def person(self, name: str) -> Person | None:
        return next((p for p in self.people if p.name == name), None)


class SeanceError(ValueError):
    """A séance folder that cannot be read (names the file and line)."""


def seance_dirs(split: str | None = None, root: Path = DATA_DIR) -> list[Path]:
    splits = [split] if split else list(SPLITS)
    return [d for s in splits if (root / s).is_dir()
            for d in sorted((root / s).iterdir()) if (d / "seance.toml").exists()]


def load_all(split: str | None = None, root: Path = DATA_DIR) -> list[Seance]:
    return [load_seance(d) for d in seance_dirs(split, root)]


def load_seance(path: Path) -> Seance:
    path = Path(path)
    try:
        meta = tomllib.loads((path / "seance.toml").read_text(encoding="utf-8"))
        truth = json.loads((path / "truth.json").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise SeanceError(f"{path.name}: {exc}") from exc
    people = [Person(p["name"], p.get("civility", ""), p.get("role", ""), bool(p.get("elected", False)))
              for p in meta.get("people", [])]
    turns = parse_script((path / "script.txt").read_text(encoding="utf-8"), path.name)
    form = load_form(path / "form.toml") if (path / "form.toml").exists() else None
    return Seance(
        name=path.name, split=path.parent.name, path=path, title=meta.get("title", path.name),
        kind=meta.get("kind", ""), date=str(meta.get("date", "")), people=people, turns=turns,
        form=form, truth=truth, seed=int(meta.get("seed", 0)),
    )


def parse_script(text: str, label: str = "script") -> list[ScriptTurn]:
    turns: list[ScriptTurn] = []
    pause: float | None = None
    markers: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            if not turns:
                raise SeanceError(f"{label}, ligne {number} : suite de réplique sans réplique")
            turns[-1].text += " " + line.strip()
            continue
        if m := _PAUSE.match(line):
            pause = (pause or 0) + float(m.group(1))
            continue
        if m := _MARKER.match(line):
            markers.append(m.group(1).strip())
            continue
        m = _TURN.match(line)
        if not m:
            raise SeanceError(f"{label}, ligne {number} : « Nom: texte » attendu, lu {line[:40]!r}")
        turns.append(ScriptTurn(m.group(1).strip(), m.group(2).strip(), pause, markers, number))
        pause, markers = None, []
    return turns


# --- quotes ------------------------------------------------------------------------------------


def find_quote(seance: Seance, quote: str) -> list[tuple[int, int]]:
    """Every (turn index, character offset) where ``quote`` occurs in the script."""
    hits = []
    for i, turn in enumerate(seance.turns):
        start = turn.text.find(quote)
        while start >= 0:
            hits.append((i, start))
            start = turn.text.find(quote, start + 1)
    return hits


def all_quotes(truth: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, quote) for every quote of a truth file."""
    out: list[tuple[str, str]] = []

    def vote_quotes(where: str, vote: dict | None) -> None:
        if vote and vote.get("quote"):
            out.append((where, vote["quote"]))

    pv = truth.get("previous_pv")
    if pv:
        if pv.get("quote"):
            out.append(("previous_pv", pv["quote"]))
        vote_quotes("previous_pv.vote", pv.get("vote"))
    for item in truth.get("items", []):
        where = f"item {item.get('number')}"
        if item.get("start_quote"):
            out.append((where + ".start_quote", item["start_quote"]))
        for k, v in enumerate(item.get("votes", [])):
            vote_quotes(f"{where}.votes[{k}]", v)
        for key in ("decisions", "actions"):
            for k, d in enumerate(item.get(key, [])):
                out.append((f"{where}.{key}[{k}]", d.get("quote", "")))
    for k, m in enumerate(truth.get("movements", [])):
        out.append((f"movements[{k}]", m.get("quote", "")))
    for k, n in enumerate(truth.get("negatives", [])):
        out.append((f"negatives[{k}]", n.get("quote", "")))
    return out


# --- names -------------------------------------------------------------------------------------


def name_words(name: str) -> list[str]:
    """The words of a name without civility, folded: "Mme Élodie Perrot" -> ["elodie", "perrot"]."""
    words = re.findall(r"[\w'’]+", fold(name or ""))
    return [w for w in words if w not in _CIVILITIES and w not in ("le", "la")]


# --- validation ----------------------------------------------------------------------------------


def validate(seance: Seance) -> list[str]:
    """Everything wrong with a séance, as readable lines (empty: valid)."""
    errors: list[str] = []
    t = seance.truth
    err = errors.append
    if seance.kind not in KINDS:
        err(f"seance.toml: kind {seance.kind!r} not in {KINDS}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", seance.date):
        err(f"seance.toml: date {seance.date!r} is not ISO")
    names = {p.name for p in seance.people}
    for turn in seance.turns:
        if turn.speaker not in names:
            err(f"script.txt line {turn.line}: speaker {turn.speaker!r} not in seance.toml people")
    if t.get("schema") != 1:
        err("truth.json: schema must be 1")
    for key in ("opening_time", "closing_time"):
        if t.get(key) is not None and not re.fullmatch(r"\d{2}:\d{2}", t[key]):
            err(f"truth.json: {key} {t[key]!r} is not HH:MM")
    _check_keys(t, {"schema", "opening_time", "closing_time", "secretaries", "president", "attendance",
                    "previous_pv", "items", "movements", "negatives"}, "truth", err)
    for where, quote in all_quotes(t):
        hits = find_quote(seance, quote) if quote else []
        if len(hits) != 1:
            err(f"truth.json {where}: quote {quote!r} found {len(hits)} times in script.txt")
    _validate_items(seance, err)
    _validate_attendance(seance, err)
    for k, n in enumerate(t.get("negatives", [])):
        if n.get("kind") not in NEGATIVE_KINDS:
            err(f"negatives[{k}]: kind {n.get('kind')!r} not in {NEGATIVE_KINDS}")
    pv = t.get("previous_pv")
    if pv is not None:
        if pv.get("status") not in PV_STATUSES:
            err(f"previous_pv: status {pv.get('status')!r} not in {PV_STATUSES}")
        if pv.get("vote"):
            _validate_vote(pv["vote"], None, "previous_pv.vote", err)
    return errors


def _check_keys(d: dict, allowed: set[str], where: str, err) -> None:
    extra = set(d) - allowed
    if extra:
        err(f"{where}: unknown keys {sorted(extra)}")


def _validate_items(seance: Seance, err) -> None:
    items = seance.truth.get("items", [])
    numbers = [i.get("number") for i in items if i.get("number") is not None]
    if len(numbers) != len(set(numbers)):
        err("items: numbers repeat")
    if seance.form is not None and seance.form.items:
        form_items = [(fi.number, fi.title) for fi in seance.form.items]
        truth_items = [(i.get("number"), i.get("title")) for i in items]
        if form_items != truth_items:
            err(f"items differ from the form's ordre du jour: {truth_items} vs {form_items}")
    starts = []
    for item in items:
        where = f"item {item.get('number')}"
        _check_keys(item, {"number", "title", "type", "start_quote", "president", "present", "represented",
                           "voters", "votes", "decisions", "actions"}, where, err)
        if item.get("type") not in ITEM_TYPES:
            err(f"{where}: type {item.get('type')!r} not in {ITEM_TYPES}")
        if not item.get("title"):
            err(f"{where}: no title")
        if item.get("start_quote"):
            hits = find_quote(seance, item["start_quote"])
            if hits:
                starts.append(hits[0])
        for k, vote in enumerate(item.get("votes", [])):
            _validate_vote(vote, item.get("voters"), f"{where}.votes[{k}]", err)
        if item.get("type") in ("deliberation", "election") and not item.get("votes") and not seance.is_codir \
                and item.get("start_quote"):
            err(f"{where}: a {item.get('type')} without vote (only an item the recording never reaches has none)")
        if item.get("type") in ("information", "debat", "prise_d_acte", "retire", "ajourne") and item.get("votes"):
            err(f"{where}: a {item.get('type')} with a vote")
        for k, action in enumerate(item.get("actions", [])):
            if action.get("deadline") is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", action["deadline"]):
                err(f"{where}.actions[{k}]: deadline {action['deadline']!r} is not ISO")
            if not action.get("what") or not action.get("quote"):
                err(f"{where}.actions[{k}]: what and quote are required")
        if seance.is_codir:
            for key in ("present", "represented", "voters", "votes"):
                if item.get(key):
                    err(f"{where}: a CODIR item has no {key}")
        else:
            for key in ("decisions", "actions"):
                if item.get(key):
                    err(f"{where}: {key} are for CODIR séances")
    if starts != sorted(starts):
        err("items: start quotes are not in script order")


def _validate_vote(vote: dict, voters: int | None, where: str, err) -> None:
    _check_keys(vote, {"quote", "scrutin", "pour", "contre", "abstentions", "npv", "names", "result",
                       "unanimous", "casting_vote", "ballot"}, where, err)
    if vote.get("scrutin") not in ("main levée", "public", "secret"):
        err(f"{where}: scrutin {vote.get('scrutin')!r}")
    if vote.get("result") not in ("adopté", "rejeté") and not (vote.get("ballot") and vote.get("result") == "élu"):
        err(f"{where}: result {vote.get('result')!r}")
    names = vote.get("names", {})
    _check_keys(names, set(NAME_LISTS), where + ".names", err)
    counts = [vote.get(k) for k in VOTE_COUNTS]
    for k, c in zip(VOTE_COUNTS, counts):
        if c is not None and (not isinstance(c, int) or c < 0):
            err(f"{where}: {k} = {c!r}")
        listed = names.get(k, [])
        if c is not None and listed and len(listed) > c:
            err(f"{where}: {len(listed)} names for {k} = {c}")
    ballot = vote.get("ballot")
    if ballot:
        if vote.get("scrutin") != "secret":
            err(f"{where}: a ballot outside a secret scrutin")
        exprimes = sum(c["votes"] for c in ballot.get("candidates", []))
        if ballot.get("exprimes") != exprimes:
            err(f"{where}: ballot exprimés {ballot.get('exprimes')} != sum of candidates {exprimes}")
        if ballot.get("votants") != ballot.get("exprimes", 0) + ballot.get("blancs_nuls", 0):
            err(f"{where}: ballot votants != exprimés + blancs/nuls")
        if voters is not None and ballot.get("votants") != voters:
            err(f"{where}: ballot votants {ballot.get('votants')} != item voters {voters}")
        return
    if all(c is not None for c in counts) and voters is not None and sum(counts) != voters:
        err(f"{where}: pour+contre+abstentions+npv = {sum(counts)} != voters {voters}")
    pour, contre = vote.get("pour"), vote.get("contre")
    if vote.get("unanimous") and contre not in (None, 0) and vote.get("result") == "adopté":
        err(f"{where}: unanimous with contre = {contre}")
    if pour is not None and contre is not None:
        if pour == contre and not vote.get("casting_vote"):
            err(f"{where}: a tie without casting vote")
        if pour != contre and vote.get("result") != ("adopté" if pour > contre else "rejeté"):
            err(f"{where}: result {vote.get('result')} disagrees with {pour} pour / {contre} contre")


def item_attendance(truth: dict[str, Any]) -> dict[str, tuple[int | None, int]]:
    """Item number -> (present, represented) at its vote, from the opening and the movements."""
    att = truth.get("attendance") or {}
    present = att.get("present_count")
    represented = {r["member"]: r["proxy"] for r in att.get("represented", [])}
    movements = truth.get("movements", [])
    out: dict[str, tuple[int | None, int]] = {}

    #: pouvoirs whose holder has left the room: back when he comes back
    suspended: dict[str, str] = {}

    def apply(m: dict) -> None:
        nonlocal present
        key = _person_key(m["name"])
        if m["kind"] == "depart":
            present = None if present is None else present - 1
            for member, proxy in list(represented.items()):
                if _person_key(proxy) == key:
                    suspended[member] = represented.pop(member)
            if m.get("proxy"):
                represented[m["name"]] = m["proxy"]
        else:
            present = None if present is None else present + 1
            for member in list(represented):
                if _person_key(member) == key:
                    del represented[member]
            for member, proxy in list(suspended.items()):
                if _person_key(proxy) == key:
                    represented[member] = suspended.pop(member)

    pending = list(movements)
    for item in truth.get("items", []):
        number = item.get("number") or item.get("title")
        mine = [m for m in pending if m.get("item") == item.get("number")]
        for m in [m for m in mine if m.get("before_vote")]:
            apply(m)
        out[number] = (present, len(represented))
        for m in [m for m in mine if not m.get("before_vote")]:
            apply(m)
        pending = [m for m in pending if m not in mine]
    return out


def _person_key(name: str) -> str:
    return " ".join(name_words(name))


def _validate_attendance(seance: Seance, err) -> None:
    t = seance.truth
    att = t.get("attendance")
    if att is None:
        err("truth.json: attendance is required")
        return
    _check_keys(att, {"in_office", "present", "present_count", "represented", "excused", "absent"}, "attendance", err)
    if att.get("present") is not None and att.get("present_count") is not None \
            and len(att["present"]) != att["present_count"]:
        err(f"attendance: {len(att['present'])} present names but present_count {att['present_count']}")
    item_numbers = {i.get("number") for i in t.get("items", [])}
    for k, m in enumerate(t.get("movements", [])):
        _check_keys(m, {"kind", "name", "item", "before_vote", "proxy", "clock", "quote"}, f"movements[{k}]", err)
        if m.get("kind") not in ("depart", "arrivee"):
            err(f"movements[{k}]: kind {m.get('kind')!r}")
        if m.get("item") not in item_numbers:
            err(f"movements[{k}]: item {m.get('item')!r} is not an item number")
    if seance.is_codir:
        return
    derived = item_attendance(t)
    for item in t.get("items", []):
        number = item.get("number") or item.get("title")
        present, represented = derived[number]
        where = f"item {number}"
        if item.get("present") != present:
            err(f"{where}: present {item.get('present')} but opening + movements give {present}")
        if item.get("represented") != represented:
            err(f"{where}: represented {item.get('represented')} but opening + movements give {represented}")
        voters = None if present is None else present + represented
        if item.get("voters") != voters:
            err(f"{where}: voters {item.get('voters')} but {voters} expected")
        if not item.get("president"):
            err(f"{where}: président de séance missing")
