using Dapper;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>Every price-standard version by effective day (kept whole, like policies: the stream records the newest
/// seen).</summary>
public sealed class PriceStandardChangedConsumer(IServiceProvider services)
    : InboxConsumer<PriceStandardChanged>(services)
{
    protected override string VersionStream => "price-standards";

    protected override bool KeepsEveryVersion => true;

    protected override async Task HandleAsync(PriceStandardChanged message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM rm_price_standards WHERE county = @County AND standard_version = @StandardVersion;
            INSERT INTO rm_price_standards (county, standard_version, effective_from, item_code, name, unit,
                ceiling_fen, home_service, minimum_visit_minutes)
            SELECT @County, @StandardVersion, @EffectiveFrom, i.item_code, i.name, i.unit, i.ceiling_fen,
                   i.home_service, i.minimum_minutes
            FROM unnest(@Codes, @Names, @Units, @Ceilings, @HomeService, @MinimumMinutes)
                AS i (item_code, name, unit, ceiling_fen, home_service, minimum_minutes)
            ON CONFLICT DO NOTHING;
            """;
        var items = message.Items;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.County,
                    message.StandardVersion,
                    message.EffectiveFrom,
                    Codes = items.Select(i => i.ItemCode).ToArray(),
                    Names = items.Select(i => i.Name).ToArray(),
                    Units = items.Select(i => i.Unit).ToArray(),
                    Ceilings = items.Select(i => i.CeilingFen).ToArray(),
                    HomeService = items.Select(i => i.HomeService).ToArray(),
                    MinimumMinutes = items.Select(i => i.MinimumVisitMinutes).ToArray(),
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
