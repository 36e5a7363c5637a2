#!/usr/bin/env bash
# Generates a C# client (Kiota) and TypeScript types (openapi-typescript) from each NAME.json in
# <dir with documents> and compiles both: the C# clients as one project against the Microsoft.Kiota
# packages, the TypeScript with tsc --strict. Usage: generate.sh <dir with NAME.json documents> <work dir>
set -euo pipefail
docs="$1"
work="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
tools="${root}/tools/openapi"
# Kiota asks GitHub for a newer release on every run; the pinned version is the one wanted.
export KIOTA_UPDATE__DISABLED=true KIOTA_UPDATE_DISABLED=true
export KIOTA_TUTORIAL_ENABLED=false
bash "${root}/tests/LoveCard.Security.Tests/OpenApiLint/install.sh"
# A step that fails ends the script; the step beside it ends with it.
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
rm -rf "${work}"
mkdir -p "${work}/csharp" "${work}/typescript"
# The generated project stands alone: no repository-wide build settings or central package versions.
echo '<Project />' > "${work}/Directory.Build.props"
echo '<Project />' > "${work}/Directory.Packages.props"
echo '<Project />' > "${work}/Directory.Build.targets"
cat > "${work}/csharp/Clients.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <OutputType>Library</OutputType>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.Kiota.Abstractions" Version="2.1.6" />
    <PackageReference Include="Microsoft.Kiota.Http.HttpClientLibrary" Version="2.1.6" />
    <PackageReference Include="Microsoft.Kiota.Serialization.Json" Version="2.1.6" />
    <PackageReference Include="Microsoft.Kiota.Serialization.Text" Version="2.1.6" />
    <PackageReference Include="Microsoft.Kiota.Serialization.Form" Version="2.1.6" />
    <PackageReference Include="Microsoft.Kiota.Serialization.Multipart" Version="2.1.6" />
  </ItemGroup>
</Project>
XML
# The TypeScript types and their check beside the C# clients and their build (ADR 0053).
(
  for doc in "${docs}"/*.json; do
    "${tools}/node_modules/.bin/openapi-typescript" "${doc}" \
      --output "${work}/typescript/$(basename "${doc}" .json).ts" >&2
  done
  "${tools}/node_modules/.bin/tsc" --strict --noEmit --target es2022 --module nodenext --moduleResolution nodenext \
    "${work}"/typescript/*.ts >&2
) &
typescript=$!
for doc in "${docs}"/*.json; do
  name="$(basename "${doc}" .json)"
  class="$(tr '[:lower:]' '[:upper:]' <<<"${name:0:1}")${name:1}"
  "${tools}/.kiota/kiota" generate --openapi "${doc}" --language CSharp --output "${work}/csharp/${class}" \
    --class-name "${class}Client" --namespace-name "LoveCard.Clients.${class}" --exclude-backward-compatible \
    --clean-output --log-level Warning >&2
done
dotnet build "${work}/csharp/Clients.csproj" -nologo -clp:ErrorsOnly -v:q >&2
wait "${typescript}"
