"""One exception type per domain. Each carries a French message meant for the user; the
technical cause is chained (``raise AudioError(...) from exc``)."""

from __future__ import annotations


class SeanceError(Exception):
    """Base of every error the user may meet. ``str(error)`` is the French message."""

    #: exit code of the CLI: 2 for bad input, 1 for an internal failure
    exit_code = 1


class InputError(SeanceError):
    """Something the user gave is wrong (a path, an option, a form field)."""

    exit_code = 2


class AudioError(InputError):
    """An audio or video file cannot be used: missing, unreadable, empty, without sound."""


class StoreError(SeanceError):
    """A meeting folder cannot be read or written."""


class NewerFormatError(StoreError):
    """A meeting saved by a newer Séance: refused, and left exactly as it is."""


class ModelError(SeanceError):
    """A model is missing, corrupt or cannot be loaded."""


class RecordingError(SeanceError):
    """The microphone or the recording file failed."""


class DiarizationError(SeanceError):
    """Speaker diarisation failed."""


class MinutesError(SeanceError):
    """A document could not be drafted or written."""


class CancelledError(SeanceError):
    """The user cancelled a job; nothing was changed."""

    def __init__(self, message: str = "Opération annulée.") -> None:
        super().__init__(message)


class VoiceProfileError(SeanceError):
    """A voice profile cannot be used: corrupt, made by another model, or missing."""

    exit_code = 2
