#!/usr/bin/env bash
# Lints OpenAPI documents with Spectral (OWASP API Security Top 10 ruleset) and Redocly.
# Usage: lint.sh <dir with NAME.json documents> <output dir>
# Writes <output dir>/NAME.spectral.json and NAME.redocly.json. Installs the pinned tools from npm
# into $LOVECARD_LINT_TOOLS (default artifacts/security/openapi-lint) on first use.
set -euo pipefail
docs="$1"
out="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
tools="${LOVECARD_LINT_TOOLS:-${root}/artifacts/security/openapi-lint}"
# Pinned: checked with `npm view` when this was written.
packages=(@stoplight/spectral-cli@6.16.3 @stoplight/spectral-owasp-ruleset@2.0.1 @redocly/cli@2.77.0)
stamp="${tools}/.installed-$(echo "${packages[*]}" | sha256sum | cut -c1-16)"
if [[ ! -f "${stamp}" ]]; then
  mkdir -p "${tools}"
  npm install --prefix "${tools}" --no-audit --no-fund --loglevel=error "${packages[@]}" >&2
  touch "${stamp}"
fi
printf 'extends:\n  - "@stoplight/spectral-owasp-ruleset"\n' > "${tools}/.spectral.yaml"
mkdir -p "${out}"
for doc in "${docs}"/*.json; do
  name="$(basename "${doc}" .json)"
  # Both exit non-zero when they find errors; the caller judges the JSON.
  "${tools}/node_modules/.bin/spectral" lint -r "${tools}/.spectral.yaml" -f json -q "${doc}" > "${out}/${name}.spectral.json" || true
  "${tools}/node_modules/.bin/redocly" lint --format json "${doc}" > "${out}/${name}.redocly.json" 2> "${out}/${name}.redocly.log" || true
  [[ -s "${out}/${name}.spectral.json" ]] || { echo "spectral wrote nothing for ${name}" >&2; exit 2; }
  [[ -s "${out}/${name}.redocly.json" ]] || { echo "redocly wrote nothing for ${name}" >&2; cat "${out}/${name}.redocly.log" >&2; exit 2; }
done
