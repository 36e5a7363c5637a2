using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Whitelist.CareWorkers;

/// <summary>
/// Keeps the latest classification per elder (home county, eligible) for the care-worker ratio.
/// Versioned per elder, so an older classification arriving late cannot undo a newer one.
/// </summary>
public sealed class ElderClassifiedConsumer(IServiceProvider services) : InboxConsumer<ElderClassified>(services)
{
    protected override string? VersionStream => "elder";

    protected override Task HandleAsync(ElderClassified message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO elders (elder_id, home_county, eligible) VALUES (@ElderId, @HomeCounty, @Eligible)
            ON CONFLICT (elder_id) DO UPDATE SET home_county = excluded.home_county, eligible = excluded.eligible
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.ElderId,
                    message.HomeCounty,
                    message.Eligible,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
