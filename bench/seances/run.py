"""Run the minutes engine on every séance × style and add up the scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .generate import STYLES, build_meeting
from .score import Score, score
from .seance import DATA_DIR, SPLITS, Seance, load_all


@dataclass
class Results:
    #: (split, style) -> summed score
    totals: dict[tuple[str, str], Score] = field(default_factory=dict)
    #: (séance name, style) -> score
    per_seance: dict[tuple[str, str], Score] = field(default_factory=dict)
    seances: list[Seance] = field(default_factory=list)


def run_all(extract: Callable, printed_votes: Callable | None = None, splits=SPLITS, styles=STYLES,
            root: Path = DATA_DIR, only: str | None = None, docx_styles=STYLES) -> Results:
    """Score ``extract`` on the séances, and the printed .docx (``printed_votes``) of the conseils
    in ``docx_styles`` (rendering a PV takes seconds: the test checks one style)."""
    res = Results()
    for split in splits:
        for seance in load_all(split, root):
            if only and seance.name != only:
                continue
            res.seances.append(seance)
            for style in styles:
                gen = build_meeting(seance, style)
                pred = extract(gen.meeting, gen.form)
                printed = printed_votes(gen.meeting, gen.form) \
                    if printed_votes and style in docx_styles and not seance.is_codir else None
                sc = score(seance, pred, gen.spans, printed)
                res.per_seance[(seance.name, style)] = sc
                res.totals.setdefault((split, style), Score()).add(sc)
    return res
