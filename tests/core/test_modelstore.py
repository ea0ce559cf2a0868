import json
import shutil

import pytest

from transcriber import modelstore
from transcriber.errors import InputError, ModelError
from transcriber.settings import Settings


def test_default_model_is_assembled_once_and_matches_the_manifest(seance_home):
    folder = modelstore.assemble_bundled()
    assert folder == modelstore.bundled_folder()
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        assert (folder / name).is_file()
    assert (folder / "model.bin").stat().st_size == 145217532
    mtime = (folder / "model.bin").stat().st_mtime_ns
    assert modelstore.assemble_bundled() == folder  # reused, not rebuilt
    assert (folder / "model.bin").stat().st_mtime_ns == mtime
    assert modelstore.verify_bundled() == []
    infos = {i.name: i for i in modelstore.list_models(Settings())}
    assert infos["base"].status == "ok" and infos["base"].source == "bundled"


def test_corrupt_assembled_model_is_rebuilt_or_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("SEANCE_HOME", str(tmp_path))
    folder = modelstore.assemble_bundled()
    with open(folder / "vocabulary.txt", "ab") as f:
        f.write(b"x")  # size changes: the stamp no longer matches
    assert modelstore.verify_bundled() == ["vocabulary.txt"]
    assert modelstore.list_models(Settings())[0].status == "to-assemble"
    modelstore.assemble_bundled()
    assert modelstore.verify_bundled() == []


def test_a_user_model_folder_is_checked_registered_and_resolved(seance_home, tmp_path):
    base = modelstore.assemble_bundled()
    user = tmp_path / "whisper-maison"
    shutil.copytree(base, user)
    settings = Settings()
    info = modelstore.register_model(user, settings)
    assert info.name == "whisper-maison" and settings.model_folders == [str(user.resolve())]
    assert modelstore.resolve_whisper("whisper-maison", settings) == user.resolve()
    assert modelstore.resolve_whisper(str(user), settings) == user.resolve()


def test_incomplete_folders_are_refused_before_any_hub_lookup(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"\0")
    (folder / "config.json").write_text(json.dumps({}))
    (folder / "vocabulary.txt").write_text("a")
    # without tokenizer.json faster-whisper would try the hub: refuse it here
    with pytest.raises(ModelError, match="tokenizer.json"):
        modelstore.register_model(folder, Settings())
    with pytest.raises(ModelError, match="introuvable"):
        modelstore.resolve_whisper(str(tmp_path / "absent"), Settings())


def test_unknown_model_name_lists_the_available_ones(seance_home):
    with pytest.raises(InputError, match="base"):
        modelstore.resolve_whisper("large-v3", Settings())


def test_a_model_name_wins_over_a_folder_of_that_name_in_the_current_directory(tmp_path, monkeypatch):
    """Found while benchmarking: `seance transcribe` run from a folder holding a `base/` folder
    tried to load that folder as the model."""
    from transcriber import modelstore

    (tmp_path / "base").mkdir()
    monkeypatch.chdir(tmp_path)
    assert modelstore.resolve_whisper("base") == modelstore.bundled_folder("base")
