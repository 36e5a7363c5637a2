using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>The point of the elder's home, which visits are measured against (DOMAIN.md §8 "Home visits").</summary>
public sealed class ElderHomeLocatedConsumer(IServiceProvider services) : InboxConsumer<ElderHomeLocated>(services)
{
    protected override string VersionStream => "elder-home";

    protected override async Task HandleAsync(ElderHomeLocated message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_elder_homes (elder_id, home_county, lat, lon) VALUES (@ElderId, @HomeCounty, @Lat, @Lon)
            ON CONFLICT (elder_id) DO UPDATE
                SET home_county = excluded.home_county, lat = excluded.lat, lon = excluded.lon
            """;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(sql, message, scope.Transaction, cancellationToken: ct)
        );
    }
}
