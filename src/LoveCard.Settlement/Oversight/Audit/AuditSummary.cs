using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Identity;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// What an audit entry says about an event: a compact JSON summary of the state it carries and the
/// counties it concerns. Events carry only masked names and hashes; the summary goes further and
/// drops or masks what an auditor does not need (DOMAIN.md §6, PIPL): card numbers are masked,
/// social-security card numbers, face-id hashes and activation-code hashes are left out.
/// </summary>
public static class AuditSummary
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        // Keep Chinese (masked names, item names) readable in exports; HTML-sensitive characters stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        // The resolver the serialiser would take anyway, named so the properties can be read (IsPlain).
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The envelope is stored in its own columns, not repeated in the summary.</summary>
    private static readonly string[] Envelope = ["aggregateId", "aggregateVersion", "actor", "reason", "occurredAt"];

    public static string Summarise(IntegrationEvent message)
    {
        var type = message.GetType();
        return PlainTypes.GetOrAdd(type, IsPlain)
            ? AuditSummaryBytes.WithoutEnvelope(message, type, Options)
            : SummariseWithNodes(message);
    }

    /// <summary>Types whose summary is their JSON without the envelope: they carry nothing masked, left out or
    /// added below. Their summary is cut from the serialised bytes (<see cref="AuditSummaryBytes"/>, ADR 0057), the
    /// same bytes the node path writes for them, without building a node per property.</summary>
    private static readonly ConcurrentDictionary<Type, bool> PlainTypes = new();

    /// <summary>Every name <see cref="SummariseWithNodes"/> treats other than the envelope's.</summary>
    private static readonly string[] Treated =
    [
        "socialSecurityCardNumber",
        "activationCodeHash",
        "agentPhoneHash",
        "faceIdHash",
        "faceBound",
        "publicKeySpki",
        "publicKeySha256",
        "cardNumber",
        "previousCardNumber",
    ];

    private static bool IsPlain(Type type) =>
        Options.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Object } info
        && info.Properties.All(p => !p.IsExtensionData && !Treated.Contains(p.Name));

    private static string SummariseWithNodes(IntegrationEvent message)
    {
        var node = JsonSerializer.SerializeToNode(message, message.GetType(), Options)!.AsObject();
        foreach (var name in Envelope)
        {
            node.Remove(name);
        }

        // Personal data and secrets (hashes that could be matched, codes) stay out of the trail.
        node.Remove("socialSecurityCardNumber");
        node.Remove("activationCodeHash");
        node.Remove("agentPhoneHash");
        if (node.Remove("faceIdHash", out var face))
        {
            node["faceBound"] = face is not null;
        }

        if (node.Remove("publicKeySpki", out var spki) && spki?.GetValue<string>() is { } key)
        {
            // A fingerprint identifies the published key without copying it.
            node["publicKeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key)));
        }

        foreach (var name in new[] { "cardNumber", "previousCardNumber" })
        {
            if (node[name]?.GetValue<string>() is { } number)
            {
                node[name] = MaskCardNumber(number);
            }
        }

        return node.ToJsonString(Options);
    }

    /// <summary>Keeps the last three characters, enough to tell cards apart in a trail.</summary>
    public static string MaskCardNumber(string number) =>
        number.Length <= 3 ? new string('*', number.Length) : new string('*', number.Length - 3) + number[^3..];

    /// <summary>
    /// The county an entry belongs to and the other county involved. Elders, cards and purchases
    /// belong to the home county (it funds them, DOMAIN.md §4); a purchase's provider county is
    /// the related one. Null when the event names no county (a QR key is province-wide; a terminal
    /// disable or a reversal then inherits it from its aggregate's earlier entries).
    /// </summary>
    public static (string? County, string? Related) Counties(IntegrationEvent message) =>
        message switch
        {
            ElderRegistered e => (e.HomeCounty, null),
            ElderClassified e => (e.HomeCounty, null),
            ElderDied e => (e.HomeCounty, null),
            ElderHomeLocated e => (e.HomeCounty, null),
            CountySettingsChanged e => (e.County, null),
            SubsidyPolicyPublished e => (e.County, null),
            CardEvent e => (e.HomeCounty, null),
            CardConsentRecorded e => (e.HomeCounty, null),
            ProviderEvent e => (e.County, null),
            ProviderItemsChanged e => (e.County, null),
            PriceStandardChanged e => (e.County, null),
            TerminalRegistered e => (e.County, null),
            CareWorkerRegistered e => (e.County, null),
            PurchaseSettled e => (e.HomeCounty, e.ProviderCounty == e.HomeCounty ? null : e.ProviderCounty),
            AnomalyRaised e => (e.County, null),
            AnomalyResolved e => (e.County, null),
            PeriodClosed e => (e.County, null),
            PayoutPaid e => (e.County, null),
            FundLow e => (e.County, null),
            FundTopUpApproved e => (e.County, null),
            CharityAllocationApproved e => (e.Province, null),
            CharityWeightsChanged e => (e.Province, null),
            BudgetLinesChanged e => (e.County, null),
            DisputeOpened e => (e.County, null),
            DisputeResolved e => (e.County, e.CorrectionCounty is { } home && home != e.County ? home : null),
            ElderAbsenceRecorded e => (e.County, null),
            ElderAbsenceChanged e => (e.County, null),
            RecoveryProposed e => (e.County, null),
            RecoveryApproved e => (e.County, null),
            AgentLinked e => (e.ElderCounty, null),
            AgentUnlinked e => (e.ElderCounty, null),
            AccountEvent e => (e.County, null),
            _ => (null, null),
        };
}
