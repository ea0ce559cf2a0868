"""The minutes form: what the secretary knows that the recording does not say.

Attendance, agenda, votes typed in by hand, the next meeting, the private persons to hide.
Stored in ``Meeting.form`` as a dict and in a TOML file a secretary can edit
(``example_form.toml`` documents every field). Both use the same French keys; the dataclasses
below map them to English attribute names (``metadata["key"]``).

An empty field is not an error: the document shows "[à compléter]" there. A field of the wrong
kind ("en_exercice = 'trente'") is an :class:`~transcriber.errors.InputError` naming the field.
"""

from __future__ import annotations

import json
import logging
import tomllib
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Meeting
from ..store import write_atomic
from ..timefmt import parse_clock, parse_date
from .kinds import FORM_KINDS

log = logging.getLogger(__name__)

FORM_VERSION = 1
EXAMPLE_FORM = Path(__file__).with_name("example_form.toml")


def _key(name: str, default: Any = MISSING, factory: Any = MISSING) -> Any:
    if factory is not MISSING:
        return field(default_factory=factory, metadata={"key": name})
    return field(default=default, metadata={"key": name})


@dataclass
class Representation:
    """A member represented by another one (pouvoir, L2121-20)."""

    member: str = _key("membre", "")
    proxy: str = _key("mandataire", "")


@dataclass
class VoteForm:
    """A vote as the secretary records it; None means "not known yet"."""

    pour: int | None = _key("pour", None)
    contre: int | None = _key("contre", None)
    abstentions: int | None = _key("abstentions", None)
    npv: int | None = _key("ne_prend_pas_part", None)
    npv_names: list[str] = _key("ne_prend_pas_part_noms", factory=list)
    #: "adopté", "rejeté" or "" (to complete)
    result: str = _key("resultat", "")
    unanimous: bool = _key("unanimite", False)
    #: "main levée", "public", "secret" or ""
    scrutin: str = _key("scrutin", "")
    #: for a scrutin public: "M. X : pour", one line per voter
    nominal: list[str] = _key("votes_nominatifs", factory=list)


@dataclass
class AgendaItem:
    number: str = _key("numero", "")
    title: str = _key("titre", "")
    rapporteur: str = _key("rapporteur", "")
    deliberation: str = _key("deliberation", "")
    vote: VoteForm | None = _key("vote", None)
    #: free text the secretary adds under the item (exposé, dispositif…)
    notes: str = _key("notes", "")


@dataclass
class Attendance:
    present: list[str] = _key("presents", factory=list)
    represented: list[Representation] = _key("representes", factory=list)
    excused: list[str] = _key("absents_excuses", factory=list)
    absent: list[str] = _key("absents", factory=list)
    guests: list[str] = _key("invites", factory=list)


@dataclass
class NextMeetingForm:
    date: str = _key("date", "")
    time: str = _key("heure", "")
    place: str = _key("lieu", "")


@dataclass
class MinutesForm:
    """The whole form. ``kind`` "" means: from the meeting (conseil -> pv, codir -> cr)."""

    kind: str = _key("type", "")
    collectivite: str = _key("collectivite", "")
    body: str = _key("instance", "")
    date: str = _key("date", "")
    time: str = _key("heure", "")
    end_time: str = _key("heure_fin", "")
    place: str = _key("lieu", "")
    convocation_date: str = _key("date_convocation", "")
    president: str = _key("president", "")
    secretaries: list[str] = _key("secretaires", factory=list)
    members_in_office: int | None = _key("en_exercice", None)
    quorum_reached: bool | None = _key("quorum_atteint", None)
    author: str = _key("redacteur", "")
    distribution: str = _key("diffusion", "")
    attendance: Attendance = _key("presence", factory=Attendance)
    items: list[AgendaItem] = _key("points", factory=list)
    next_meeting: NextMeetingForm | None = _key("prochaine_reunion", None)
    private_persons: list[str] = _key("personnes_privees", factory=list)

    # --- dict (Meeting.form) ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = _encode(self)
        data["version"] = FORM_VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "MinutesForm":
        data = dict(data or {})
        version = data.pop("version", FORM_VERSION)
        if not isinstance(version, int) or version > FORM_VERSION:
            raise InputError(
                "Ce formulaire de séance vient d'une version plus récente de Séance "
                f"(format {version}) : mettez Séance à jour pour l'ouvrir."
            )
        form = _decode_dataclass(cls, data, "")
        _normalise(form)
        return form

    # --- derived --------------------------------------------------------------------------------
    def resolved_kind(self, meeting: Meeting | None = None) -> str:
        if self.kind:
            return self.kind
        if meeting is not None and meeting.kind == "codir":
            return "cr"
        return "pv"


def form_of(meeting: Meeting) -> MinutesForm:
    """The form stored in the meeting (an empty one if none)."""
    return MinutesForm.from_dict(meeting.form)


def store_form(meeting: Meeting, form: MinutesForm) -> None:
    meeting.form = form.to_dict()


# --- TOML ----------------------------------------------------------------------------------------


def load_form(path: str | Path) -> MinutesForm:
    """Read a TOML form file; any problem is an InputError in French."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"Formulaire de séance introuvable : {path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"Le formulaire {path} n'est pas un texte UTF-8.") from exc
    except OSError as exc:
        raise InputError(f"Impossible de lire le formulaire {path} : {exc.strerror or exc}.") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"Le formulaire {path.name} contient une erreur de syntaxe TOML : {exc}.") from exc
    return MinutesForm.from_dict(data)


def save_form(form: MinutesForm, path: str | Path) -> None:
    """Write the form as TOML, atomically."""
    write_atomic(Path(path), form_to_toml(form).encode("utf-8"))


def form_to_toml(form: MinutesForm) -> str:
    lines = [
        "# Formulaire de séance (Séance). Chaque champ est décrit dans example_form.toml.",
        "",
    ]
    _toml_table(form.to_dict(), "", lines)
    return "\n".join(lines).rstrip() + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _toml_table(data: dict[str, Any], prefix: str, lines: list[str]) -> None:
    tables = []
    for key, value in data.items():
        if value is None:
            continue  # TOML has no null: a missing key reads back as None
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, value in tables:
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            lines.extend(["", f"[{name}]"])
            _toml_table(value, name + ".", lines)
        else:
            for element in value:
                lines.extend(["", f"[[{name}]]"])
                _toml_table(element, name + ".", lines)


# --- generic dataclass codec ---------------------------------------------------------------


def _encode(obj: Any) -> Any:
    if is_dataclass(obj):
        return {f.metadata.get("key", f.name): _encode(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, list):
        return [_encode(v) for v in obj]
    return obj


def _decode_dataclass(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise _field_error(path.rstrip("."), "une table de champs", data)
    hints = typing.get_type_hints(cls)
    kwargs = {}
    known = set()
    for f in fields(cls):
        key = f.metadata.get("key", f.name)
        known.add(key)
        if key in data and data[key] is not None:
            kwargs[f.name] = _decode(hints[f.name], data[key], f"{path}{key}")
    unknown = sorted(set(data) - known)
    if unknown:
        log.warning("form: unknown fields ignored: %s", ", ".join(f"{path}{k}" for k in unknown))
    return cls(**kwargs)


def _decode(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)][0]
        if value == "" and inner in (int, bool):
            return None
        return _decode(inner, value, path)
    if origin is list:
        (inner,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise _field_error(path, "une liste", value)
        return [_decode(inner, v, f"{path}[{i + 1}]") for i, v in enumerate(value)]
    if is_dataclass(tp):
        return _decode_dataclass(tp, value, path + ".")
    if tp is str:
        return _as_str(value, path)
    if tp is int:
        return as_int(value, path)
    if tp is bool:
        return _as_bool(value, path)
    raise TypeError(tp)


def _as_str(value: Any, path: str) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _field_error(path, "un texte", value)


def as_int(value: Any, path: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise _field_error(path, "un nombre entier positif", value)


def _as_bool(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("oui", "true", "vrai", "non", "false", "faux"):
        return value.strip().lower() in ("oui", "true", "vrai")
    raise _field_error(path, "true ou false", value)


def _field_error(path: str, expected: str, value: Any) -> InputError:
    return InputError(
        f"Formulaire de séance : le champ « {path or 'racine'} » doit être {expected} "
        f"(valeur lue : {value!r})."
    )


def _normalise(form: MinutesForm) -> None:
    """Check the fields that have a fixed set of values and write dates and hours one way."""
    if form.kind and form.kind not in FORM_KINDS:
        raise InputError(
            f"Formulaire de séance : type « {form.kind} » inconnu (attendu : {', '.join(FORM_KINDS)})."
        )
    form.date = _normal_date(form.date, "date")
    form.convocation_date = _normal_date(form.convocation_date, "date_convocation")
    form.time = _normal_clock(form.time, "heure")
    form.end_time = _normal_clock(form.end_time, "heure_fin")
    if form.next_meeting:
        form.next_meeting.date = _normal_date(form.next_meeting.date, "prochaine_reunion.date")
        form.next_meeting.time = _normal_clock(form.next_meeting.time, "prochaine_reunion.heure")
    for i, item in enumerate(form.items, 1):
        if item.vote:
            item.vote.result = normal_result(item.vote.result, f"points[{i}].vote.resultat")
            item.vote.scrutin = _normal_scrutin(item.vote.scrutin, f"points[{i}].vote.scrutin")


def _normal_date(value: str, name: str) -> str:
    if not value:
        return ""
    d = parse_date(value)
    if d is None:
        raise InputError(
            f"Formulaire de séance : la date « {value} » ({name}) doit s'écrire AAAA-MM-JJ ou JJ/MM/AAAA."
        )
    return d.isoformat()


def _normal_clock(value: str, name: str) -> str:
    if not value:
        return ""
    clock = parse_clock(value)
    if clock is None:
        raise InputError(f"Formulaire de séance : l'heure « {value} » ({name}) doit s'écrire 20:30 ou 20h30.")
    return clock


def normal_result(value: str, name: str) -> str:
    v = value.strip().lower()
    if not v:
        return ""
    if v.startswith(("adopt", "approuv")):
        return "adopté"
    if v.startswith(("rejet", "non adopt", "refus")):
        return "rejeté"
    raise InputError(f"Formulaire de séance : « {value} » ({name}) doit valoir « adopté » ou « rejeté ».")


def _normal_scrutin(value: str, name: str) -> str:
    v = value.strip().lower()
    if not v:
        return ""
    if "public" in v:
        return "public"
    if "secret" in v:
        return "secret"
    if "main" in v:
        return "main levée"
    raise InputError(
        f"Formulaire de séance : scrutin « {value} » ({name}) inconnu (main levée, public ou secret)."
    )
