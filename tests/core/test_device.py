"""Device choice: the CPU here; the GPU path with its CUDA libraries found in the nvidia wheels.

No GPU exists on this machine or in CI: the GPU count is faked, and the CUDA libraries are stood
in for by copies of a real shared library laid out as the ``nvidia-cublas-cu12`` and
``nvidia-cudnn-cu12`` wheels lay theirs out. The discovery and loading code is the real one.
"""

import importlib
import shutil
import sys
from pathlib import Path

import pytest

from transcriber import asr, device
from transcriber.errors import InputError


def test_cpu_and_auto_on_this_machine():
    choice = device.choose("cpu")
    assert choice.device == device.Device("cpu", "int8") and "comme demandé" in choice.reason
    auto = device.choose("auto")
    gpu_ready = device.cuda_device_count() and not device.load_cuda_libraries()
    assert auto.device.name == ("cuda" if gpu_ready else "cpu")
    if not device.cuda_device_count():
        assert "aucune carte graphique NVIDIA" in auto.reason
        with pytest.raises(InputError, match="CUDA"):
            device.choose("cuda")
    with pytest.raises(InputError):
        device.choose("tpu")
    assert asr.choose_device("auto") == auto.device


def test_a_gpu_without_cuda_12_libraries_falls_back_and_says_why(monkeypatch):
    """What a lent H100 showed (CUDA 13 only): CTranslate2 sees the GPU, cuBLAS 12 is missing."""
    if device.load_cuda_libraries() == []:
        pytest.skip("CUDA 12 libraries are installed on this machine")
    monkeypatch.setattr(device, "cuda_device_count", lambda: 1)
    choice = device.choose("auto")
    assert choice.device == device.Device("cpu", "int8") and choice.gpu_unused
    assert "libcublas.so.12" in choice.reason and "seance[cuda]" in choice.reason
    with pytest.raises(InputError, match="bibliothèques CUDA 12"):
        device.choose("cuda")


@pytest.fixture
def fake_nvidia_wheels(tmp_path, monkeypatch):
    """site-packages/nvidia/{cublas,cudnn}/{lib,bin}/ holding loadable stand-ins."""
    import _ctypes

    real = Path(_ctypes.__file__)  # any shared object this process can load
    names = {("cublas", "lib"): ["libcublasLt.so.12", "libcublas.so.12"],
             ("cudnn", "lib"): ["libcudnn.so.9", "libcudnn_ops.so.9", "libcudnn_graph.so.9"],
             ("cublas", "bin"): ["cublasLt64_12.dll", "cublas64_12.dll"],
             ("cudnn", "bin"): ["cudnn64_9.dll", "cudnn_ops64_9.dll"]}
    for (package, sub), files in names.items():
        folder = tmp_path / "nvidia" / package / sub
        folder.mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copy(real, folder / name)
    monkeypatch.syspath_prepend(str(tmp_path))
    for mod in [m for m in sys.modules if m == "nvidia" or m.startswith("nvidia.")]:
        monkeypatch.delitem(sys.modules, mod)
    importlib.invalidate_caches()
    return tmp_path


def test_cuda_libraries_are_found_in_the_nvidia_wheels(fake_nvidia_wheels, monkeypatch):
    loaded: list[str] = []
    real_dlopen = device._dlopen

    def dlopen(path_or_name: str) -> bool:
        if "/" not in path_or_name:  # by name: not installed system-wide here
            return False
        ok = real_dlopen(path_or_name)
        if ok:
            loaded.append(path_or_name)
        return ok

    monkeypatch.setattr(device, "_dlopen", dlopen)
    assert device.wheel_library_dirs("cublas") == [fake_nvidia_wheels / "nvidia" / "cublas" / "lib",
                                                   fake_nvidia_wheels / "nvidia" / "cublas" / "bin"]
    assert device.load_cuda_libraries("linux") == []
    names = [Path(p).name for p in loaded]
    assert names.index("libcublasLt.so.12") < names.index("libcublas.so.12")
    # cuDNN's parts are loaded before it, from the same folder
    assert {"libcudnn_ops.so.9", "libcudnn_graph.so.9"} <= set(names[: names.index("libcudnn.so.9")])
    assert device.load_cuda_libraries("win32") == []  # the Windows names, from bin/
    assert any(p.endswith("bin/cublas64_12.dll") for p in loaded)

    monkeypatch.setattr(device, "cuda_device_count", lambda: 1)
    choice = device.choose("auto")
    assert choice.device.name == "cuda" and not choice.gpu_unused
    assert "carte graphique NVIDIA" in choice.reason and "cuDNN 9" in choice.reason
    assert device.choose("cuda").device.name == "cuda"


def test_a_missing_part_is_named(fake_nvidia_wheels, monkeypatch):
    (fake_nvidia_wheels / "nvidia" / "cudnn" / "lib" / "libcudnn.so.9").unlink()
    monkeypatch.setattr(device, "_dlopen", lambda p: "/" in p and Path(p).exists())
    assert device.load_cuda_libraries("linux") == ["libcudnn.so.9"]


def test_the_cuda_extra_pins_what_requirements_cuda_pins():
    import tomllib

    root = Path(__file__).resolve().parents[2]
    extra = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]["cuda"]
    pinned = [line.strip() for line in (root / "requirements-cuda.txt").read_text("utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    assert sorted(extra) == sorted(pinned)
    assert all("==" in p for p in pinned)
    assert {p.split("==")[0] for p in pinned} == {"nvidia-cublas-cu12", "nvidia-cudnn-cu12"}


def test_a_gpu_passed_over_is_a_notice_of_the_asr_step(monkeypatch):
    from transcriber import notices

    # the library probe itself is covered above; here only what the ASR step makes of its answer
    monkeypatch.setattr(device, "load_cuda_libraries", lambda platform=None: ["libcublas.so.12"])
    monkeypatch.setattr(device, "cuda_device_count", lambda: 1)
    with notices.collect() as notes:
        assert asr.choose_device("auto") == device.Device("cpu", "int8")
    assert notes == [device.choose("auto").reason]
