"""Benchmarks of Séance, run on demand: ``python -m bench all FILE`` (see ``bench/__main__.py``).

Importing this package must not import ``transcriber``: the benchmark keeps the user's own
environment for the plain-library sides (``transcriber`` sets thread policies when imported).
"""
