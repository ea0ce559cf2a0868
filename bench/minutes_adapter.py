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

The engine is ``transcriber.minutes.engine.analyse`` (every fact of the séance) and
``transcriber.minutes.docx.render`` of ``transcriber.minutes.context.build_context``.
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx

from transcriber.minutes import PLACEHOLDER, build_context, render
from transcriber.minutes.engine import analyse
from transcriber.minutes.form import MinutesForm
from transcriber.model import Meeting


def extract(meeting: Meeting, form: MinutesForm | None) -> dict[str, Any]:
    a = analyse(meeting, form)
    c = a.counts
    att = a.attendance
    president = _known(a.president)
    items = []
    for f in a.items:
        item = f.item
        items.append({
            "number": item.number,
            "title": _known(item.title),
            "type": f.kind,
            "start_ms": item.start_ms,
            "president": None if a.codir else _known(f.presence.president),
            "present": None if a.codir else f.presence.present,
            "represented": None if a.codir else f.presence.represented,
            "voters": None if a.codir else f.presence.voters,
            "votes": [_vote(v) for v in f.votes],
            "decisions": [{"text": d.text, "time_ms": d.time_ms} for d in f.decisions],
            "actions": [{"what": x.task, "owner": x.owner, "deadline": x.deadline, "time_ms": x.time_ms}
                        for x in f.actions],
        })
    movements = [
        {"kind": m.kind, "name": m.name, "item": a.items[m.item].item.number if m.item is not None else None,
         "proxy": m.proxy, "clock": m.clock, "time_ms": m.time_ms}
        for m in a.movements
    ]
    pv = a.previous_pv
    opening_votes = [v for v in a.opening_votes if v.subject not in ("pv", "secretaire", "ordre_du_jour")]
    form = a.form
    return {
        "opening_time": form.time or a.opening_clock,
        "closing_time": form.end_time or a.closing_clock,
        "secretaries": list(a.secretaries),
        "president": president,
        "attendance": {
            "in_office": c.in_office,
            "present": list(att.present) if att.present else None,
            "present_count": c.present,
            "represented": [{"member": m, "proxy": p} for m, p in att.represented],
            "excused": list(att.excused),
            "absent": list(att.absent),
        },
        "previous_pv": None if pv is None else {
            "date": pv.date or None,
            "status": pv.status,
            "vote": _vote(pv.vote) if pv.vote else None,
        },
        "items": items,
        "movements": movements,
        "opening": {"votes": [_vote(v) for v in opening_votes],
                    "decisions": [{"text": d.text, "time_ms": d.time_ms} for d in a.opening_decisions],
                    "actions": [{"what": x.task, "owner": x.owner, "deadline": x.deadline, "time_ms": x.time_ms}
                                for x in a.opening_actions]},
    }


def printed_votes(meeting: Meeting, form: MinutesForm | None) -> list[dict[str, int | None]]:
    buf = io.BytesIO()
    render(build_context(meeting, form)).save(buf)
    document = docx.Document(io.BytesIO(buf.getvalue()))
    out = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            if docx.text.paragraph.Paragraph(block, document).text.startswith("Scrutin secret."):
                # a secret ballot prints its figures, not pour / contre
                out.append({"pour": None, "contre": None, "abstentions": None, "npv": None})
            continue
        if tag != "tbl":
            continue
        table = docx.table.Table(block, document)
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
    b = v.ballot
    return {
        "pour": v.pour, "contre": v.contre, "abstentions": v.abstentions, "npv": v.npv,
        "names": {k: list(v.names.get(k, [])) for k in ("pour", "contre", "abstentions", "npv", "left_room")},
        "result": v.result, "unanimous": bool(v.unanimous), "casting_vote": bool(v.casting_vote),
        "scrutin": v.scrutin, "time_ms": v.time_ms,
        "ballot": None if b is None else {
            "votants": b.votants, "blancs_nuls": b.blancs_nuls, "exprimes": b.exprimes,
            "majorite_absolue": b.majorite_absolue, "elected": b.elected,
            "candidates": [{"name": n, "votes": x} for n, x in b.candidates],
        },
    }
