#!/usr/bin/env python3
"""How right are the minutes? The engine on every hand-written séance, scored against its truth.

Usage: bench/minutes.py [--split dev|holdout] [--style punctuated|whisper|noisy] [--json FILE]
                        [--details] [--seance NAME]

Each séance of ``tests/data/seances/`` (README there) becomes a ``Meeting`` in three styles
(punctuated, Whisper-like, ASR-like noise); ``bench/minutes_adapter.py`` runs the engine on it;
the facts it returns are scored against ``truth.json``: precision and recall per kind of fact,
the wrong numbers a PV would print, and whether the rendered .docx prints the same vote counts
as the facts. Dev and holdout are reported apart; ``--details`` lists what was missed or wrong
on the dev séances only (the holdout is never looked at in detail: it is not tuned on).
No model is loaded: the meetings are built from text, the whole run takes seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from minutes_adapter import extract, printed_votes  # noqa: E402
from seances.generate import STYLES  # noqa: E402
from seances.run import run_all  # noqa: E402
from seances.score import KINDS, Score  # noqa: E402
from seances.seance import SPLITS  # noqa: E402


def _pct(x: float | None) -> str:
    return "   –" if x is None else f"{100 * x:4.0f}"


def table(title: str, by_style: dict[str, Score]) -> str:
    styles = list(by_style)
    lines = [title, f"{'fait':<16}" + "".join(f"{s:>22}" for s in styles),
             f"{'':<16}" + "".join(f"{'P%':>8}{'R%':>6}{'n':>8}" for _ in styles)]
    for kind in [*KINDS, "total"]:
        cells = []
        for s in styles:
            t = by_style[s].total() if kind == "total" else by_style[s].tallies[kind]
            cells.append(f"{_pct(t.precision):>8}{_pct(t.recall):>6}{t.expected:>8}")
        if kind == "total" or any(by_style[s].tallies[kind].expected or by_style[s].tallies[kind].predicted
                                  for s in styles):
            lines.append(f"{kind:<16}" + "".join(cells))
    for label, attr in (("chiffres faux (votes)", "wrong_vote_numbers"),
                        ("chiffres faux (présences)", "wrong_attendance_numbers"),
                        ("négatifs pris pour un fait", "negatives_hit"),
                        ("docx ≠ faits (votes)", "docx_mismatches")):
        lines.append(f"{label:<26}" + "".join(f"{getattr(by_style[s], attr):>12}" + " " * 10 for s in styles))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=SPLITS)
    ap.add_argument("--style", choices=STYLES)
    ap.add_argument("--seance", help="one séance (dev) by folder name")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--details", action="store_true", help="list misses and errors (dev séances only)")
    ap.add_argument("--write-floors", type=Path, metavar="FILE",
                    help="write the measured figures as the floors of the test (seances_floors.json)")
    args = ap.parse_args(argv)
    splits = [args.split] if args.split else list(SPLITS)
    styles = [args.style] if args.style else list(STYLES)
    res = run_all(extract, printed_votes, splits, styles, only=args.seance)

    for split in splits:
        by_style = {st: res.totals[(split, st)] for st in styles if (split, st) in res.totals}
        if by_style:
            n = sum(1 for s in res.seances if s.split == split)
            print(table(f"\n== {split} ({n} séances) : précision / rappel par type de fait ==", by_style))
    if args.details:
        for seance in res.seances:
            if seance.split != "dev":
                continue
            for st in styles:
                notes = res.per_seance[(seance.name, st)].notes
                print(f"\n-- {seance.name} [{st}] : {len(notes)} écarts")
                for note in notes:
                    print("   ", note)
    if args.write_floors:
        if args.split or args.style or args.seance:
            ap.error("--write-floors needs every séance in every style")
        floors = {}
        for (split, st), sc in sorted(res.totals.items()):
            d = sc.to_dict()
            kinds = {k: {m: v[m] for m in ("precision", "recall")} for k, v in d["kinds"].items()
                     if v["expected"] or v["predicted"]}
            kinds["total"] = {m: d["total"][m] for m in ("precision", "recall")}
            floors.setdefault(split, {})[st] = {"kinds": kinds, **{
                k: d[k] for k in ("wrong_vote_numbers", "wrong_attendance_numbers", "negatives_hit",
                                  "docx_mismatches")}}
        args.write_floors.write_text(json.dumps(floors, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nfloors written to {args.write_floors}")
    if args.json:
        out = {
            "engine_commit": _commit(),
            "splits": {split: {st: res.totals[(split, st)].to_dict() for st in styles if (split, st) in res.totals}
                       for split in splits},
            "dev_seances": {f"{name} [{st}]": sc.to_dict() for (name, st), sc in res.per_seance.items()
                            if any(s.name == name and s.split == "dev" for s in res.seances)},
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


if __name__ == "__main__":
    sys.exit(main())
