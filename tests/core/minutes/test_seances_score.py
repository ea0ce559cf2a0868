"""The hand-written séances of ``tests/data/seances`` and the minutes figures they give.

Every séance is checked against the schema of ``tests/data/seances/README.md``; the generator of
``bench/seances`` must give real meetings in its three styles; the scorer must give a perfect
score to the truth itself and catch the errors a PV must not hold; and the engine's figures
(``bench/minutes.py``) must not fall under the floors of ``seances_floors.json``, measured with
the engine of the day. Raise the floors when the engine improves:
``bench/minutes.py --write-floors tests/core/minutes/seances_floors.json``.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest
from text_to_num import text2num

from transcriber.model import Meeting

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))

from minutes_adapter import extract, printed_votes  # noqa: E402
from seances.generate import STYLES, build_meeting  # noqa: E402
from seances.numbers import number_words, spoken_tokens  # noqa: E402
from seances.run import run_all  # noqa: E402
from seances.score import KINDS, score, truth_as_prediction  # noqa: E402
from seances.seance import item_attendance, load_all, validate  # noqa: E402

FLOORS = Path(__file__).with_name("seances_floors.json")
#: rendering a PV takes seconds (python-docx): the .docx is checked on one style here, all in the bench
DOCX_STYLES = ("punctuated",)


@pytest.fixture(scope="module")
def seances():
    return load_all()


# --- the data -----------------------------------------------------------------------------------


def test_every_seance_matches_the_schema(seances):
    problems = {s.name: validate(s) for s in seances}
    assert {k: v for k, v in problems.items() if v} == {}
    holdout = [s for s in seances if s.split == "holdout"]
    kinds = sorted(s.kind for s in holdout)
    assert kinds == ["codir", "conseil_communautaire", "conseil_municipal", "conseil_municipal"]


def _votes(seances):
    pv = [s.truth["previous_pv"]["vote"] for s in seances
          if s.truth["previous_pv"] and s.truth["previous_pv"]["vote"]]
    return pv + [v for s in seances for i in s.truth["items"] for v in i.get("votes", [])]


def test_the_seances_cover_the_phenomena_of_issue_15(seances):
    """Every phrasing and situation issue 15 lists is in at least one séance (see their scripts)."""
    def script(s):
        return " ".join(t.text for t in s.turns)

    everything = " ".join(script(s) for s in seances)
    votes = _votes(seances)
    items = [i for s in seances for i in s.truth["items"]]
    movements = [m for s in seances for m in s.truth["movements"]]
    actions = [a for s in seances for i in s.truth["items"] for a in i.get("actions", [])]
    kinds = [s.kind for s in seances]
    assert len(seances) >= 12 and kinds.count("codir") >= 3 and kinds.count("conseil_communautaire") >= 1
    assert any(s.form is None and not s.is_codir for s in seances)
    assert any(s.form is None and s.is_codir for s in seances)
    assert {"debat", "prise_d_acte", "information", "retire", "ajourne", "election", "questions_diverses"} \
        <= {i["type"] for i in items}
    assert any(i["start_quote"] is None for i in items)                      # never reached
    assert any(v["casting_vote"] and v["result"] == "adopté" for v in votes)
    assert any(v["casting_vote"] and v["result"] == "rejeté" for v in votes)
    assert any(v["result"] == "rejeté" and not v["casting_vote"] for v in votes)
    assert any(v.get("ballot") for v in votes) and any(v["scrutin"] == "public" for v in votes)
    assert any(v["npv"] for v in votes) and any(v["names"].get("left_room") for v in votes)
    assert any(v["unanimous"] and v["abstentions"] for v in votes)           # unanimity except…
    assert any(v["pour"] is None and v["result"] == "adopté" for v in votes)  # counts not said
    assert any(m["kind"] == "depart" and m["proxy"] for m in movements)
    assert any(m["kind"] == "arrivee" for m in movements)
    assert any(s.truth["previous_pv"] and s.truth["previous_pv"]["status"] == "reporté" for s in seances)
    assert any(a["owner"] is None for a in actions) and any(a["deadline"] is None for a in actions)
    negatives = {n["kind"] for s in seances for n in s.truth["negatives"]}
    assert negatives == {"vote", "decision", "action", "item", "movement"}
    for phrase in ("Nous passons au point", "voix contre", "ne prend pas part au vote", "dont 3 pouvoirs",
                   "(11 présents plus 2 pouvoirs)", "pour son pouvoir je vote contre", "voix est prépondérante",
                   "président de séance", "bulletin secret", "On l'approuvera à la prochaine séance",
                   "à l'exception de", "je m'en charge", "La DRH", "pour le 10", "d'ici fin janvier",
                   "avant le prochain CODIR", "pour la fin du mois", "on ne l'acte pas", "On recompte",
                   "Qui est contre ? Deux. Qui s'abstient ? Trois.", "Pas d'opposition ? Pas d'abstention ?"):
        assert phrase in everything, phrase


def test_validation_catches_counts_that_do_not_add_up(seances):
    seance = copy.deepcopy(next(s for s in seances if s.name == "montfaucon-2025-11"))
    vote = seance.truth["items"][0]["votes"][0]
    vote["pour"] += 1
    seance.truth["movements"][0]["before_vote"] = True  # the departure now counts for item 3
    seance.truth["negatives"].append({"kind": "vote", "quote": "never said"})
    errors = "\n".join(validate(seance))
    assert "pour+contre+abstentions+npv = 23 != voters 22" in errors
    assert "item 3: present 19 but opening + movements give 18" in errors
    assert "'never said' found 0 times" in errors


def test_attendance_follows_departures_and_pouvoirs(seances):
    cc = next(s for s in seances if s.name == "cc-pays-de-serre-2026-04")
    att = item_attendance(cc.truth)
    # the président leaves for the compte administratif with the pouvoir he holds, then returns;
    # a member leaves after item 4 giving her pouvoir
    assert att["1"] == (27, 3)
    assert att["2"] == (26, 2)
    assert att["3"] == (27, 3)
    assert att["5"] == (26, 4)


# --- the generator ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 16, 17, 21, 71, 80, 81, 91, 99, 100, 180, 200, 201, 1000, 1150, 2025,
                               2350, 48500, 80000, 200000, 1_000_000, 3_200_000, 8_412_000])
def test_number_words_read_back(n):
    assert text2num(number_words(n), "fr") == n


def test_spoken_tokens():
    assert spoken_tokens("20h05") == ["vingt", "heures", "cinq"]
    assert spoken_tokens("3,95", "€") + spoken_tokens("€", "", "3,95") == ["trois", "euros", "quatre-vingt-quinze"]
    assert spoken_tokens("M.") == ["monsieur"]
    assert spoken_tokens("n°") == ["numéro"]
    assert spoken_tokens("1er") == ["premier"]
    assert spoken_tokens("abstentions.") == ["abstentions"]
    assert spoken_tokens("«") == []
    assert spoken_tokens("0,0619") == ["zéro", "virgule", "zéro", "six", "cent", "dix-neuf"]
    assert spoken_tokens("CM2") == ["cm", "deux"]


@pytest.fixture(scope="module")
def montfaucon(seances):
    seance = next(s for s in seances if s.name == "montfaucon-2025-11")
    return seance, {style: build_meeting(seance, style) for style in STYLES}


def test_styles_share_one_timeline(montfaucon):
    seance, built = montfaucon
    spans = [g.spans for g in built.values()]
    assert spans[0] == spans[1] == spans[2]
    for g in built.values():
        m = g.meeting
        assert [s.name for s in m.speakers][:2] == ["Bernard Castaing", "Élodie Perrot"]
        assert all(seg.speaker for seg in m.segments)
        times = [w.start_ms for seg in m.segments for w in seg.words]
        assert times == sorted(times)
        assert all(seg.start_ms <= w.start_ms <= w.end_ms <= seg.end_ms for seg in m.segments for w in seg.words)
        assert Meeting.from_dict(json.loads(json.dumps(m.to_dict()))).text == m.text
        assert m.form["presence"]["presents"][0] == "M. Bernard Castaing"


def test_whisper_style_is_lower_case_unpunctuated_in_words(seances, montfaucon):
    for seance in seances:
        text = build_meeting(seance, "whisper").meeting.text
        assert text == text.lower(), seance.name
        assert not any(c.isdigit() for c in text), seance.name
        assert not set(text) & set(".,;:!?«»€%()"), seance.name
    _, built = montfaucon
    text = built["whisper"].meeting.text
    assert "avec dix-huit voix pour et quatre abstentions" in text
    assert "quarante-huit mille cinq cents euros" in text
    assert "vingt heures cinq" in text


def test_noisy_style_misspells_names_and_drops_words(montfaucon):
    seance, built = montfaucon
    clean = [w.text for seg in built["punctuated"].meeting.segments for w in seg.words]
    noisy = [w for seg in built["noisy"].meeting.segments for w in seg.words]
    assert len(noisy) < len(clean)
    changed = [w for w in noisy if w.probability < 0.6]
    assert len(changed) >= 10
    surnames = {"Castaing", "Perrot", "Morin", "Marchetti", "Delmas", "Tessier"}
    misspelt = {w.text.strip(".,?") for w in changed} - surnames
    assert misspelt and not misspelt & surnames
    assert [w.text for w in noisy] == [w.text for seg in build_meeting(seance, "noisy").meeting.segments
                                       for w in seg.words]  # seeded


# --- the scorer ---------------------------------------------------------------------------------


def test_the_truth_scores_perfectly(seances):
    for seance in seances:
        gen = build_meeting(seance, "punctuated")
        sc = score(seance, truth_as_prediction(seance, gen.spans), gen.spans)
        for kind in KINDS:
            t = sc.tallies[kind]
            assert t.correct == t.expected == t.predicted, (seance.name, kind, t, sc.notes)
        assert sc.wrong_numbers == sc.negatives_hit == 0, (seance.name, sc.notes)


def test_scorer_counts_the_errors_a_pv_must_not_hold(seances):
    seance = next(s for s in seances if s.name == "montfaucon-2025-11")
    gen = build_meeting(seance, "punctuated")
    pred = truth_as_prediction(seance, gen.spans)
    items = pred["items"]
    v4 = items[3]["votes"][0]
    v4["pour"], v4["contre"] = v4["contre"], v4["pour"]          # « 16 voix contre 4 » swapped
    items[3]["voters"] = 21                                         # a votants count off by one
    items[0]["votes"][0]["names"]["abstentions"] = ["Mme Aubert"]   # three names lost
    items[1]["votes"].append(dict(items[1]["votes"][0], time_ms=gen.spans[
        "Nous voterons contre. 85 000 € pour une friche"][0]))     # a declaration read as a vote
    items[2]["votes"] = []                                          # a vote under the next item
    items[3]["votes"].insert(0, seance.truth["items"][2]["votes"][0] | {"time_ms": 0})
    sc = score(seance, pred, gen.spans, printed=[{"pour": 18, "contre": 0, "abstentions": 4, "npv": 0}])
    assert sc.wrong_vote_numbers == 2 + 4 + 4  # the swap, the extra vote, the misplaced one
    assert sc.wrong_attendance_numbers == 1
    assert sc.negatives_hit == 1
    names = sc.tallies["vote_names"]
    assert names.expected - names.correct == 3 + 1  # three abstentions and the npv name
    assert sc.docx_mismatches == 5 - 1  # five votes in the facts, one printed (and right)


def test_facts_before_the_first_item_are_wrong_unless_no_item_was_placed(seances):
    seance = next(s for s in seances if s.name == "codir-castelbrac-2026-01")
    gen = build_meeting(seance, "punctuated")
    pred = truth_as_prediction(seance, gen.spans)
    moved = {"votes": [], "decisions": [], "actions": []}
    for item in pred["items"]:
        for key in moved:
            moved[key] += item.pop(key, [])
        item["start_ms"] = None
    pred["opening"] = moved  # one "Déroulement de la séance" section holds everything
    sc = score(seance, pred, gen.spans)
    for kind in ("decisions", "actions", "action_owner", "action_deadline"):
        t = sc.tallies[kind]
        assert t.correct == t.expected == t.predicted > 0, kind
    assert sc.tallies["item_start"].correct == 0
    pred["items"][0]["start_ms"] = 0  # now the engine claims items: the same facts are misplaced
    sc = score(seance, pred, gen.spans)
    assert sc.tallies["decisions"].correct == sc.tallies["actions"].correct == 0
    assert sc.tallies["decisions"].predicted == 3 and sc.tallies["actions"].predicted == 6


def test_scorer_matches_names_without_civility_and_by_role(seances):
    from seances.match import same_person

    codir = next(s for s in seances if s.name == "codir-castelbrac-2026-01")
    assert same_person("la DRH", "Mme Samia Belkacem", codir)
    assert same_person("Samia", "Mme Samia Belkacem", codir)
    assert same_person("madame belkacem", "Mme Samia Belkacem", codir)
    assert not same_person("Samia Belkacem donne", "Mme Samia Belkacem", codir)
    assert not same_person("Hélène", "Mme Samia Belkacem", codir)


# --- the engine's figures -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def figures():
    res = run_all(extract, printed_votes, docx_styles=DOCX_STYLES)
    return {split: {style: res.totals[(split, style)].to_dict() for style in STYLES}
            for split in ("dev", "holdout") if (split, STYLES[0]) in res.totals}


def test_minutes_figures_hold_their_floors(figures):
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    below = []
    for split, by_style in floors.items():
        for style, floor in by_style.items():
            got = figures[split][style]
            for kind, pr in floor["kinds"].items():
                for metric in ("precision", "recall"):
                    measured = got["total"] if kind == "total" else got["kinds"][kind]
                    want, have = pr.get(metric), measured[metric]
                    if want is not None and (have is None or have < want - 1e-9):
                        below.append(f"{split}/{style}/{kind} {metric}: {have} < {want}")
            for counter in ("wrong_vote_numbers", "wrong_attendance_numbers", "negatives_hit", "docx_mismatches"):
                if counter == "docx_mismatches" and style not in DOCX_STYLES:
                    continue
                if got[counter] > floor[counter]:
                    below.append(f"{split}/{style} {counter}: {got[counter]} > {floor[counter]}")
    assert not below, "\n".join(below)
