using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Whitelist;

namespace LoveCard.Contracts.ReadModels;

/// <summary>
/// Which service is the source of each kind of aggregate another service keeps a read model of, and
/// which events carry its state (ADR 0015). A consumer whose read model has a version stream and
/// whose event is listed here takes part in reconciliation and rebuilds without further set-up.
/// </summary>
public static class ReadModelKinds
{
    public const string Card = "card";
    public const string QrKey = "qr-key";
    public const string Elder = "elder";
    public const string CountySettings = "county-settings";
    public const string SubsidyPolicy = "subsidy-policy";
    public const string Provider = "provider";
    public const string PriceStandards = "price-standards";
    public const string Terminal = "terminal";
    public const string CareWorker = "care-worker";

    /// <summary>The source service of each kind.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>(
        StringComparer.Ordinal
    )
    {
        [Card] = "cards",
        [QrKey] = "cards",
        [Elder] = "eligibility",
        [CountySettings] = "eligibility",
        [SubsidyPolicy] = "eligibility",
        [Provider] = "whitelist",
        [PriceStandards] = "whitelist",
        [Terminal] = "whitelist",
        [CareWorker] = "whitelist",
    };

    /// <summary>The kind of aggregate whose state <paramref name="eventType"/> carries, or null.</summary>
    public static string? Of(Type eventType) =>
        eventType switch
        {
            _ when typeof(CardEvent).IsAssignableFrom(eventType) => Card,
            _ when eventType == typeof(QrSigningKeyPublished) => QrKey,
            _ when eventType == typeof(ElderClassified) => Elder,
            _ when eventType == typeof(CountySettingsChanged) => CountySettings,
            _ when eventType == typeof(SubsidyPolicyPublished) => SubsidyPolicy,
            _ when typeof(ProviderEvent).IsAssignableFrom(eventType) => Provider,
            _ when eventType == typeof(ProviderItemsChanged) => Provider,
            _ when eventType == typeof(PriceStandardChanged) => PriceStandards,
            _ when eventType == typeof(TerminalRegistered) || eventType == typeof(TerminalDisabled) => Terminal,
            _ when eventType == typeof(CareWorkerRegistered) => CareWorker,
            _ => null,
        };
}
