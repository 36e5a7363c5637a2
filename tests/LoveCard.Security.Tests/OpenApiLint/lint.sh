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
# A step that fails ends the script; the step beside it ends with it.
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
mkdir -p "${out}"
# Redocly one document at a time, beside Spectral over all five in one process (one Node start and one load of
# the OWASP ruleset instead of five: ADR 0053), whose results are then split by document into NAME.spectral.json.
(
  for doc in "${docs}"/*.json; do
    name="$(basename "${doc}" .json)"
    # Exits non-zero when it finds errors; the caller judges the JSON.
    "${tools}/node_modules/.bin/redocly" lint --format json "${doc}" >"${out}/${name}.redocly.json" \
      2>"${out}/${name}.redocly.log" || true
    if [[ ! -s "${out}/${name}.redocly.json" ]]; then
      echo "redocly wrote nothing for ${name}" >&2
      cat "${out}/${name}.redocly.log" >&2
      exit 2
    fi
  done
) &
redocly=$!
all="${out}/spectral-all.json"
# Exits non-zero when it finds errors; the caller judges the JSON.
"${tools}/node_modules/.bin/spectral" lint -r "${tools}/.spectral.yaml" -f json -q "${docs}"/*.json > "${all}" || true
[[ -s "${all}" ]] || { echo "spectral wrote nothing" >&2; exit 2; }
node - "${all}" "${out}" "${docs}"/*.json <<'JS'
const fs = require("fs");
const path = require("path");
const [all, out, ...docs] = process.argv.slice(2);
const results = JSON.parse(fs.readFileSync(all, "utf8"));
for (const doc of docs) {
  const mine = results.filter((r) => path.resolve(r.source) === path.resolve(doc));
  fs.writeFileSync(path.join(out, path.basename(doc, ".json") + ".spectral.json"), JSON.stringify(mine, null, 2));
}
JS
wait "${redocly}"
