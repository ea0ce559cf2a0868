"""``seance models``: list, check, prepare or add speech-recognition models."""

from __future__ import annotations

import argparse

from ..errors import InputError

STATUS_FR = {"ok": "prêt", "to-assemble": "à préparer (automatique au premier usage)",
             "missing": "absent", "invalid": "invalide"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="liste, vérifie ou ajoute des modèles de transcription")
    p.add_argument("action", nargs="?", default="list", choices=("list", "check", "add", "prepare"))
    p.add_argument("path", nargs="?", help="dossier d'un modèle CTranslate2 (pour add)")
    p.set_defaults(func=cmd_models)


def cmd_models(args: argparse.Namespace) -> int:
    from .. import modelstore

    if args.action == "add":
        if not args.path:
            raise InputError("Indiquez le dossier du modèle : seance models add DOSSIER")
        info = modelstore.register_model(args.path)
        print(f"Modèle ajouté : {info.name} ({info.path})")
        return 0
    if args.action == "prepare":
        print(modelstore.assemble_bundled(modelstore.DEFAULT_MODEL))
        return 0
    bad = 0
    for info in modelstore.list_models():
        state = STATUS_FR[info.status]
        if args.action == "check" and info.source == "bundled" and info.status == "ok":
            broken = modelstore.verify_bundled(info.name)
            if broken:
                state = f"corrompu ({', '.join(broken)})"
                bad += 1
        elif not info.usable:
            bad += 1
        origin = "intégré" if info.source == "bundled" else "ajouté"
        print(f"{info.name:<20} {origin:<8} {state:<12} {info.path or ''}")
        if info.problem:
            print(f"{'':<20} {info.problem}")
    from ..asr import choose_device

    device = choose_device("auto")
    print(f"Calcul : {device.name} ({device.compute_type})")
    return 1 if bad and args.action == "check" else 0
