using Dapper;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Identity.ReadModels;

/// <summary>
/// An elder's home county and masked name, kept from eligibility's events (the "elder" stream skips older ones).
/// </summary>
public static class ElderFacts
{
    public static Task UpsertAsync(
        ConsumeScope scope,
        Guid elderId,
        string homeCounty,
        string maskedName,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO elders (elder_id, home_county, masked_name) VALUES (@elderId, @homeCounty, @maskedName)
            ON CONFLICT (elder_id) DO UPDATE SET home_county = @homeCounty, masked_name = @maskedName
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    elderId,
                    homeCounty,
                    maskedName,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
