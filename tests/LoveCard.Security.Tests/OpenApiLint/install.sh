#!/usr/bin/env bash
# Installs the pinned OpenAPI tools into tools/openapi (ignored by git): the npm packages of
# tools/openapi/package-lock.json (Spectral, the OWASP ruleset, Redocly, openapi-typescript,
# TypeScript) and the Kiota .NET tool. Re-installs only when the pins change. Any failure exits
# non-zero, so a test that needs the tools fails instead of skipping.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
tools="${root}/tools/openapi"
kiota_version="1.38.0"
stamp="${tools}/node_modules/.installed-$(sha256sum "${tools}/package-lock.json" | cut -c1-16)"
if [[ ! -f "${stamp}" ]]; then
  (cd "${tools}" && npm ci --no-audit --no-fund --loglevel=error >&2)
  touch "${stamp}"
fi
if [[ ! -x "${tools}/.kiota/kiota" ]] || ! "${tools}/.kiota/kiota" --version 2>/dev/null | grep -q "^${kiota_version}"; then
  rm -rf "${tools}/.kiota"
  dotnet tool install Microsoft.OpenApi.Kiota --version "${kiota_version}" --tool-path "${tools}/.kiota" >&2
fi
for tool in spectral redocly openapi-typescript tsc; do
  [[ -x "${tools}/node_modules/.bin/${tool}" ]] || { echo "missing ${tool} in ${tools}/node_modules/.bin" >&2; exit 2; }
done
