#!/usr/bin/env bash
# Installs the system packages Séance needs on Debian/Ubuntu (skipped when already present).
# Runtime: PortAudio (recording), ffmpeg (CLI users' conversions), PulseAudio (real-device tests),
# Qt's runtime libraries. Tests also use Xvfb, espeak-ng + sox (fixtures), LibreOffice + poppler,
# strace (the privacy tests watch every socket and file of a run at the system-call level).
set -euo pipefail
pkgs=(libportaudio2 ffmpeg sox espeak-ng xvfb xauth libreoffice-writer-nogui poppler-utils
      pulseaudio pulseaudio-utils libasound2-plugins strace
      libglib2.0-0 libgl1 libegl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
      libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 libpulse0 fonts-dejavu-core)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
