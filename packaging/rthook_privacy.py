# PyInstaller runtime hook: runs in the frozen app, and in each job child it spawns, before the
# entry point imports anything. Importing ``transcriber`` sets its offline and no-telemetry
# switches (transcriber.PRIVACY_ENV: onnxruntime's native telemetry, the hub libraries, pyannote's
# metrics) while no library has read them yet.
import transcriber  # noqa: F401
