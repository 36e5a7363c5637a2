using System.Text.Json;
using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>The elder's category, eligibility, home county and village (whose collective fund pays).</summary>
public sealed class ElderClassifiedConsumer(IServiceProvider services) : InboxConsumer<ElderClassified>(services)
{
    protected override string VersionStream => "elder";

    protected override async Task HandleAsync(ElderClassified message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_elders (elder_id, home_county, village_code, masked_name, category, eligible, evaluated_on)
            VALUES (@ElderId, @HomeCounty, @VillageCode, @MaskedName, @Category, @Eligible, @EvaluatedOn)
            ON CONFLICT (elder_id) DO UPDATE SET home_county = excluded.home_county, village_code = excluded.village_code,
                masked_name = excluded.masked_name, category = excluded.category, eligible = excluded.eligible,
                evaluated_on = excluded.evaluated_on
            """;
        await scope.Connection.ExecuteAsync(new CommandDefinition(sql, message, scope.Transaction, cancellationToken: ct));
    }
}

/// <summary>
/// Every policy version is kept by its effective day: an older version that arrives late is still
/// a version some booking day needs, so the stream only records the newest seen (for reconciliation).
/// </summary>
public sealed class SubsidyPolicyPublishedConsumer(IServiceProvider services) : InboxConsumer<SubsidyPolicyPublished>(services)
{
    protected override string VersionStream => "subsidy-policy";

    protected override bool KeepsEveryVersion => true;

    protected override async Task HandleAsync(SubsidyPolicyPublished message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_subsidy_policies (county, policy_version, effective_from, categories)
            VALUES (@County, @PolicyVersion, @EffectiveFrom, @Categories::jsonb)
            ON CONFLICT (county, policy_version) DO UPDATE SET effective_from = excluded.effective_from, categories = excluded.categories
            """;
        await scope.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            message.County,
            message.PolicyVersion,
            message.EffectiveFrom,
            Categories = JsonSerializer.Serialize(message.Categories, ReadModelJson.Options),
        }, scope.Transaction, cancellationToken: ct));
    }
}

public sealed class CountySettingsChangedConsumer(IServiceProvider services) : InboxConsumer<CountySettingsChanged>(services)
{
    protected override string VersionStream => "county-settings";

    protected override async Task HandleAsync(CountySettingsChanged message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_county_settings (county, one_card_network, low_fund_alert_days, settings)
            VALUES (@County, @OneCardNetwork, @LowFundAlertDays, @Settings::jsonb)
            ON CONFLICT (county) DO UPDATE SET one_card_network = excluded.one_card_network,
                low_fund_alert_days = excluded.low_fund_alert_days, settings = excluded.settings
            """;
        await scope.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            message.County,
            message.OneCardNetwork,
            message.LowFundAlertDays,
            Settings = JsonSerializer.Serialize(message, ReadModelJson.Options),
        }, scope.Transaction, cancellationToken: ct));
    }
}

public static class ReadModelJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
