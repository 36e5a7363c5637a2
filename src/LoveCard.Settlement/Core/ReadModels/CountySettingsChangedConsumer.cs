using System.Text.Json;
using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

public sealed class CountySettingsChangedConsumer(IServiceProvider services)
    : InboxConsumer<CountySettingsChanged>(services)
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
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.County,
                    message.OneCardNetwork,
                    message.LowFundAlertDays,
                    Settings = JsonSerializer.Serialize(message, ReadModelJson.Options),
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
