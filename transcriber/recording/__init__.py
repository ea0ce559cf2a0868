"""Record a meeting from a microphone into its meeting folder, so that a crash loses seconds, not the meeting.

Modules: ``sources`` (the ``Source`` protocol, a replayed file, a tone), ``devices`` (real
microphones through PortAudio, device listing), ``wavfile`` (the WAV appender and its repair),
``lock`` (the folder lock), ``levels`` (meter and disk gauge), ``state`` (``recording.json``), ``recorder`` (``Recorder``,
``start_recording``) and ``recovery`` (``find_interrupted``, ``recover``). Import from here.

How it works
------------
* An audio **source** calls ``callback(indata, frames, time_info, status)`` with blocks of int16
  frames, exactly like a ``sounddevice.InputStream`` callback. Three sources exist:
  ``SoundDeviceSource`` (a real input device through PortAudio), ``WavReplaySource`` (a WAV
  file replayed at real time or faster, for tests and demos) and ``ToneSource`` (a generated sine,
  for long-run tests). All of them drive the *same* ``Recorder._callback``.
* The callback only copies the block into a bounded queue (``put_nowait``: it never blocks). When
  the queue is full the block is dropped and counted (``dropped_frames``); PortAudio's
  ``input_overflow`` flags are counted too (``overflows``).
* A single **writer thread** appends the blocks to ``audio/recording.wav`` with unbuffered writes
  (a block handed to the kernel survives a SIGKILL of the process) and, about every second,
  rewrites the WAV header's sizes and ``fsync``s (so a power cut loses at most that second).
  ``wavfile.repair_wav`` recomputes the header from the file size when a crash left it stale.
* The file is **mono, 16-bit PCM, at the device's native rate** (capped at 48 kHz: more is useless
  for speech and would reach the 4 GiB WAV limit within a few hours; at 48 kHz mono the limit is
  12 h 25 min). The device is opened in mono; a device that refuses mono is opened with its own
  channels and downmixed (mean) by the writer thread, never in the callback.
* **Pause cuts**: while paused, captured frames are discarded and never reach the disk (a
  suspension de séance is off the record). The file therefore holds only recorded time and every
  marker time (``time_ms``) is a position *in the file*. A pause leaves ``Marker(kind="pause")``
  and ``Marker(kind="resume")`` at the same ``time_ms`` (the cut), their labels giving the wall
  clock times ("Pause à 14:32:05", "Reprise à 14:47:10 (pause de 15 min 05 s)"). The switch is
  made inside the callback, between two blocks, so the cut and the markers agree to the sample.
* **Markers** (agenda items numbered "Point 1", "Point 2"…, notes, votes, pauses) are written as
  they are added to ``recording.json``, a small state file replaced atomically. It also says
  ``"state": "recording"`` until a clean stop. ``meeting.json`` is written at start and at stop.
* **Crash recovery**: while recording, the recorder holds an OS lock on ``recording.lock`` (the OS
  releases it when the process dies, even on SIGKILL). ``find_interrupted(parent)`` lists the
  meeting folders whose state says "recording" and whose lock is free; ``recover(folder)`` repairs
  the WAV header, clamps the markers to the audio that reached the disk and writes
  ``meeting.json``, ready for transcription.

The application polls ``Recorder.status()`` (a frozen snapshot: elapsed time, level in dBFS,
disk minutes left, error…) from a timer; ``on_warning`` / ``on_error`` callbacks are called from
the writer thread (a GUI must hand them over to its own thread).
"""


from .devices import MAX_SAMPLERATE, NO_MIC_MESSAGE, NO_PORTAUDIO_MESSAGE, InputDevice, SoundDeviceSource, \
    list_input_devices, parse_device
from .levels import LOW_DISK_MINUTES, SILENCE_DBFS, low_disk_message, minutes_left, to_dbfs
from .lock import LOCK_FILE, FolderLock
from .recorder import Recorder, RecorderStatus, start_recording
from .recovery import InterruptedRecording, find_interrupted, is_interrupted, recover
from .sources import FrameCallback, Source, ToneSource, WavReplaySource
from .state import AUDIO_FILE, STATE_FILE
from .wavfile import WavAppender, read_wav_header, repair_wav, wav_header

__all__ = [
    "AUDIO_FILE", "LOCK_FILE", "LOW_DISK_MINUTES", "MAX_SAMPLERATE", "NO_MIC_MESSAGE", "NO_PORTAUDIO_MESSAGE", "SILENCE_DBFS",
    "STATE_FILE", "FolderLock", "FrameCallback", "InputDevice", "InterruptedRecording", "Recorder",
    "RecorderStatus", "SoundDeviceSource", "Source", "ToneSource", "WavAppender", "WavReplaySource",
    "find_interrupted", "is_interrupted", "list_input_devices", "low_disk_message", "minutes_left",
    "parse_device", "read_wav_header", "recover", "repair_wav", "start_recording", "to_dbfs", "wav_header",
]
