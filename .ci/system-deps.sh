#!/usr/bin/env bash
# Debian packages the portal needs: Pango/HarfBuzz/libthai for WeasyPrint's Thai
# layout, poppler-utils to turn PDFs into text and PNGs in tests, TLWG Laksaman (the
# PDFs' font, drawn at TH SarabunPSK's size: reports/pdf/fonts.py), DejaVu for the
# ☑/☐ of seed 004's status lines (Laksaman has no such glyphs).
# gettext compiles the project's Thai messages (locale/).
# Extras passed by `make test`: chromium (browser tests), libreoffice-writer-nogui and
# fonts-tlwg-laksaman (tests/reports/test_docx.py opens every Word copy in LibreOffice).
# Installs what is missing when run as root; otherwise prints the command.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libthai0 fontconfig poppler-utils fonts-tlwg-laksaman fonts-dejavu-core gettext)
packages+=("$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
