using System.Text.RegularExpressions;

namespace LoveCard.Deploy.Tests;

/// <summary>
/// What each service reads from configuration, found by reading the source (not from a list that
/// could go stale): <c>GetSection("X")</c>, <c>GetConnectionString("X")</c> and <c>configuration["A:B"]</c>
/// in src/LoveCard.Hosting (every service) and src/LoveCard.&lt;Service&gt;. Each found key must be
/// classified below as required in a deployment (then the compose file and the manifests must set
/// it) or optional with a safe default; a new, unclassified setting fails the tests.
/// </summary>
public static partial class ServiceSettings
{
    public static readonly string[] Services = ["cards", "eligibility", "whitelist", "settlement"];

    /// <summary>
    /// Read key or section → the keys a deployment must set for it. A key ending in <c>:*</c> means
    /// "at least one key under this prefix" (a dictionary of key ids). Production refuses the
    /// development defaults of every secret here (docs/platform.md, docs/terminal-protocol-implementation.md).
    /// </summary>
    public static readonly Dictionary<string, string[]> Required = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ConnectionStrings:Postgres"] = ["ConnectionStrings:Postgres"],
        ["Bus"] = ["Bus:Host", "Bus:Port", "Bus:VirtualHost", "Bus:Username", "Bus:Password"],
        // Outside Development people's tokens come from the identity service alone (security finding S-1).
        ["Auth"] = ["Auth:Issuer", "Auth:Audience", "Auth:Authority"],
        ["PersonalData"] =
        [
            "PersonalData:HashKey",
            "PersonalData:CurrentEncryptionKeyId",
            "PersonalData:EncryptionKeys:*",
        ],
        // Without it the service listens on 127.0.0.1 only: unreachable from outside the container.
        ["ASPNETCORE_URLS"] = ["ASPNETCORE_URLS"],
        ["Terminal"] = ["Terminal:CurrentMasterKeyId", "Terminal:MasterKeys:*"],
        ["Qr"] = ["Qr:CurrentKeyId", "Qr:Keys:*"],
        // Settlement fetches the QR public keys from cards; the default is loopback.
        ["Cards:BaseUrl"] = ["Cards:BaseUrl"],
    };

    /// <summary>Read, but with a default that is right in a deployment.</summary>
    public static readonly Dictionary<string, string> Optional = new(StringComparer.OrdinalIgnoreCase)
    {
        ["urls"] = "ASPNETCORE_URLS is set instead",
        ["Kestrel:Endpoints:Http:Url"] = "ASPNETCORE_URLS is set instead",
        ["Database:Schema"] = "defaults to the service's own schema",
        ["Database:MaxPoolSize"] = "tuning; the connection string's Maximum Pool Size is used",
        ["Imports"] = "eligibility's import chunk size and test delay: defaults are for production",
        ["ReadModels"] = "read-model reconciliation interval, page size and queue names: defaults are for production",
        ["Auth:SigningKey"] = "the shared HMAC key of Development; refused anywhere else",
        ["http_ports"] = "ASPNETCORE_URLS is set instead",
        ["Management:Urls"] =
            "without it /metrics, /docs and /openapi need a province or auditor sign-in (k8s sets a port)",
        ["ForwardedHeaders:KnownNetworks"] =
            "without it X-Forwarded-For is believed from loopback only (k8s sets the pod network)",
        ["ForwardedHeaders:KnownProxies"] = "as KnownNetworks, by single address",
        ["Telemetry"] = "OpenTelemetry: without a collector nothing is exported and nothing is set up (ADR 0028)",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "the standard name of the collector, beside Telemetry:OtlpEndpoint",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc unless http/protobuf is named",
        ["Database:MigrateAtStart"] = "true migrates at start; k8s sets false and runs the migrate Jobs (ADR 0029)",
    };

    [GeneratedRegex(
        """GetSection\("(?<key>[^"]+)"\)|GetConnectionString\("(?<cs>[^"]+)"\)|(?:onfiguration|config)\["(?<key>[^"]+)"\]"""
    )]
    private static partial Regex ConfigurationRead();

    /// <summary>The configuration keys and sections read by <paramref name="service"/> (Hosting included).</summary>
    public static IReadOnlySet<string> ReadBy(string service)
    {
        var project = "LoveCard." + char.ToUpperInvariant(service[0]) + service[1..];
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in new[] { "LoveCard.Hosting", project })
        {
            var files = Directory
                .EnumerateFiles(Path.Combine(Tools.Root, "src", folder), "*.cs", SearchOption.AllDirectories)
                .Where(f =>
                    !f.Contains(
                        $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                        StringComparison.Ordinal
                    )
                    && !f.Contains(
                        $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}",
                        StringComparison.Ordinal
                    )
                );
            foreach (var file in files)
            {
                foreach (Match m in ConfigurationRead().Matches(File.ReadAllText(file)))
                {
                    found.Add(
                        m.Groups["cs"].Success ? "ConnectionStrings:" + m.Groups["cs"].Value : m.Groups["key"].Value
                    );
                }
            }
        }

        return found;
    }

    /// <summary>The keys a deployment must set for <paramref name="service"/>.</summary>
    public static IReadOnlyList<string> RequiredFor(string service) =>
        ReadBy(service).Where(Required.ContainsKey).SelectMany(k => Required[k]).Distinct().Order().ToArray();

    /// <summary>Environment variable names as configuration keys: <c>Bus__Host</c> → <c>Bus:Host</c>.</summary>
    public static string ToKey(string environmentVariable) =>
        environmentVariable.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>The required keys not among <paramref name="setKeys"/>.</summary>
    public static IReadOnlyList<string> Missing(string service, IEnumerable<string> setKeys)
    {
        var set = setKeys.Select(ToKey).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return RequiredFor(service)
            .Where(required =>
                required.EndsWith(":*", StringComparison.Ordinal)
                    ? !set.Any(k =>
                        k.StartsWith(required[..^1], StringComparison.OrdinalIgnoreCase)
                        && k.Length > required.Length - 1
                    )
                    : !set.Contains(required)
            )
            .ToArray();
    }
}
