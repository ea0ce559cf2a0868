"""The one place where the minutes bench meets the minutes engine.

``bench/minutes.py`` and ``tests/core/minutes/test_seances_score.py`` call only these two
functions. When the engine's public API changes, change this file (and nothing in the scorer):

- ``extract(meeting, form) -> dict``: the facts the engine would put in the document, in the shape
  of a séance's ``truth.json`` (``tests/data/seances/README.md``), plus where each was heard:
  ``start_ms`` for an item, ``time_ms`` for a vote, decision, action or movement. Unknown values
  are ``None`` (what the document shows as « [à compléter] »), never a guess. ``opening`` holds
  the votes, decisions and actions printed before the first item (none is in a truth: each one
  there counts as a wrong fact), besides the PV approval and the designations.
- ``printed_votes(meeting, form) -> list[dict]``: the vote counts as the rendered .docx prints
  them (reopened with python-docx), in document order, one dict per vote of a numbered item:
  ``{"pour", "contre", "abstentions", "npv"}``, ``None`` where it prints « [à compléter] ».
  The bench checks that they equal the counts ``extract`` gives for the items' votes, in order.

Today the engine is ``transcriber.minutes.context.build_context`` (one ``MinutesContext``) and
``transcriber.minutes.docx.render``.
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx

from transcriber.minutes import PLACEHOLDER, build_context, render
from transcriber.timefmt import parse_clock
from transcriber.minutes.form import MinutesForm
from transcriber.model import Meeting


def extract(meeting: Meeting, form: MinutesForm | None) -> dict[str, Any]:
    ctx = build_context(meeting, form)
    c = ctx.counts
    a = ctx.attendance
    president = _known(ctx.president)
    items = []
    for s in ctx.sections:
        items.append({
            "number": s.number,
            "title": _known(s.title),
            "type": _item_type(s),
            "start_ms": s.start_ms,
            "president": president,
            # today's engine keeps one set of counts for the whole séance
            "present": c.present, "represented": c.represented, "voters": c.voters,
            "votes": [_vote(v) for v in s.votes],
            "decisions": [{"text": d.text, "time_ms": d.time_ms} for d in s.decisions],
            "actions": [{"what": x.task, "owner": x.owner, "deadline": x.deadline, "time_ms": x.time_ms}
                        for x in s.actions],
        })
    movements = [
        {"kind": m.kind, "name": m.name, "item": s.number, "proxy": None, "clock": m.clock, "time_ms": m.time_ms}
        for s in [ctx.opening, *ctx.sections] for m in s.movements
    ]
    pv = ctx.prev_pv
    opening = ctx.opening
    return {
        "opening_time": parse_clock(ctx.time) if _known(ctx.time) else None,
        "closing_time": parse_clock(ctx.end_time) if _known(ctx.end_time) else None,
        "secretaries": list(ctx.secretaries),
        "president": president,
        "attendance": {
            "in_office": c.in_office,
            "present": list(a.present) if a.present else None,
            "present_count": c.present,
            "represented": [{"member": m, "proxy": p} for m, p in a.represented],
            "excused": list(a.excused),
            "absent": list(a.absent),
        },
        "previous_pv": None if pv is None else {
            "date": pv.subject_detail or None,
            "status": {"adopté": "approuvé", "rejeté": "rejeté"}.get(pv.result or ""),
            "vote": _vote(pv),
        },
        "items": items,
        # what the document prints before the first item, besides the PV approval and the
        # designations (secrétaire, ordre du jour): an item's vote or decision placed too early
        "opening": {
            "votes": [_vote(v) for v in opening.votes if v.subject not in ("secretaire", "ordre_du_jour")],
            "decisions": [{"text": d.text, "time_ms": d.time_ms} for d in opening.decisions],
            "actions": [{"what": x.task, "owner": x.owner, "deadline": x.deadline, "time_ms": x.time_ms}
                        for x in opening.actions],
        },
        "movements": movements,
    }


def printed_votes(meeting: Meeting, form: MinutesForm | None) -> list[dict[str, int | None]]:
    buf = io.BytesIO()
    render(build_context(meeting, form)).save(buf)
    document = docx.Document(io.BytesIO(buf.getvalue()))
    out = []
    for table in document.tables:
        header = [cell.text.strip().lower() for cell in table.rows[0].cells]
        if len(table.rows) < 2 or "pour" not in header or "contre" not in header:
            continue
        row = [cell.text for cell in table.rows[1].cells]
        values = dict(zip(header, row))
        out.append({
            "pour": _printed_int(values.get("pour")),
            "contre": _printed_int(values.get("contre")),
            "abstentions": _printed_int(values.get("abstentions")),
            "npv": _printed_int(next((v for k, v in values.items() if "prend pas part" in k), None)),
        })
    return out


# --- helpers -------------------------------------------------------------------------------------


def _known(text: str | None) -> str | None:
    return None if not text or PLACEHOLDER in text else text


def _printed_int(text: str | None) -> int | None:
    m = re.match(r"\s*(\d+)", text or "")
    return int(m.group(1)) if m else None


def _item_type(section) -> str | None:
    if section.withdrawn:
        return "retire"
    if any(e.kind == "ajourne" for e in section.events):
        return "ajourne"
    if section.special == "questions_diverses":
        return "questions_diverses"
    if section.votes:
        return "deliberation"
    return None


def _vote(v) -> dict[str, Any]:
    return {
        "pour": v.pour, "contre": v.contre, "abstentions": v.abstentions, "npv": v.npv,
        "names": {"pour": [], "contre": [], "abstentions": [], "npv": list(v.npv_names),
                  "left_room": list(v.left_room)},
        "result": v.result, "unanimous": bool(v.unanimous), "casting_vote": False,
        "scrutin": v.scrutin, "ballot": None, "time_ms": v.time_ms,
    }
