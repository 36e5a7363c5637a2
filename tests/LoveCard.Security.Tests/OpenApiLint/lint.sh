#!/usr/bin/env bash
# Lints OpenAPI documents with Spectral (spectral:oas and the OWASP API Security Top 10 2023 ruleset,
# tools/openapi/.spectral.yaml) and Redocly. Usage: lint.sh <dir with NAME.json documents> <output dir>
# Writes <output dir>/NAME.spectral.json and NAME.redocly.json. The tools are the pinned ones of
# tools/openapi/package-lock.json, installed by install.sh (a missing tool fails, never skips).
set -euo pipefail
docs="$1"
out="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
tools="${root}/tools/openapi"
bash "${root}/tests/LoveCard.Security.Tests/OpenApiLint/install.sh"
mkdir -p "${out}"
for doc in "${docs}"/*.json; do
  name="$(basename "${doc}" .json)"
  # Both exit non-zero when they find errors; the caller judges the JSON.
  "${tools}/node_modules/.bin/spectral" lint -r "${tools}/.spectral.yaml" -f json -q "${doc}" > "${out}/${name}.spectral.json" || true
  "${tools}/node_modules/.bin/redocly" lint --format json "${doc}" > "${out}/${name}.redocly.json" 2> "${out}/${name}.redocly.log" || true
  [[ -s "${out}/${name}.spectral.json" ]] || { echo "spectral wrote nothing for ${name}" >&2; exit 2; }
  [[ -s "${out}/${name}.redocly.json" ]] || { echo "redocly wrote nothing for ${name}" >&2; cat "${out}/${name}.redocly.log" >&2; exit 2; }
done
