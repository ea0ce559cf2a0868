"""``seance``: the pipeline headless, for batch work and tests (``python -m transcriber.cli``).

One module per command group: ``transcribe`` (transcribe, export), ``speakers`` (diarize,
speakers), ``voices``, ``edit``, ``minutes``, ``models``, ``record`` (record, devices, recover);
``common`` holds what they share and ``main`` builds the parser. The entry point is :func:`main`.
"""

from .main import main

__all__ = ["main"]
