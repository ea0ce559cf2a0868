"""``seance models``: list, check, prepare or add models; export and install model packs.

    seance models export NAME PACK.zip [--licence TEXT]   (NAME: a model, "diarisation", or a folder)
    seance models install PACK.zip|FOLDER
"""

from __future__ import annotations

import argparse

from ..errors import InputError

STATUS_FR = {"ok": "prêt", "to-assemble": "à préparer (automatique au premier usage)",
             "missing": "absent", "invalid": "invalide"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="liste, vérifie, ajoute, exporte ou installe des modèles")
    p.add_argument("action", nargs="?", default="list",
                   choices=("list", "check", "add", "prepare", "export", "install"))
    p.add_argument("path", nargs="?",
                   help="add : dossier d'un modèle CTranslate2 ; export : nom du modèle (ou « diarisation », "
                        "ou un dossier) ; install : paquet .zip ou dossier")
    p.add_argument("pack", nargs="?", help="export : paquet .zip à écrire")
    p.add_argument("--licence", help="export : licence du modèle, écrite dans le manifeste")
    p.set_defaults(func=cmd_models)


def cmd_pack(args: argparse.Namespace) -> int:
    from .. import modelpack

    if args.action == "export":
        if not args.path or not args.pack:
            raise InputError("Indiquez le modèle et le paquet : seance models export NOM PAQUET.zip")
        manifest = modelpack.export_pack(args.path, args.pack, licence=args.licence)
        print(f"Paquet écrit : {args.pack} ({manifest.name}, {len(manifest.files)} fichiers, "
              f"{manifest.size / 1e6:.0f} Mo)")
        return 0
    if not args.path:
        raise InputError("Indiquez le paquet : seance models install PAQUET.zip (ou un dossier)")
    manifest = modelpack.install_pack(args.path)
    what = "Modèle de transcription" if manifest.kind == "whisper" else "Modèle des intervenants"
    print(f"{what} installé : {manifest.name} ({manifest.size / 1e6:.0f} Mo, empreintes vérifiées)")
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from .. import modelstore

    if args.action in ("export", "install"):
        return cmd_pack(args)
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
    from ..device import choose

    print(choose("auto").reason)
    return 1 if bad and args.action == "check" else 0
