using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>
/// Keeps the latest classification of each elder for the cardholder counts. The version stream
/// drops an older classification that arrives late; the inbox drops a redelivery.
/// </summary>
public sealed class ElderClassifiedPublicStatsConsumer(IServiceProvider services)
    : InboxConsumer<ElderClassified>(services)
{
    protected override string? VersionStream => "public-stats-elder";

    protected override Task HandleAsync(ElderClassified message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_elders (elder_id, home_county, eligible, category)
            VALUES (@ElderId, @HomeCounty, @Eligible, @Category)
            ON CONFLICT (elder_id) DO UPDATE SET home_county = excluded.home_county, eligible = excluded.eligible,
                category = excluded.category
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.ElderId,
                    message.HomeCounty,
                    message.Eligible,
                    message.Category,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
