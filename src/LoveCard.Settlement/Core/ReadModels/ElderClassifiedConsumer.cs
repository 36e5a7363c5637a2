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
            ON CONFLICT (elder_id) DO UPDATE SET home_county = excluded.home_county, village_code =
                excluded.village_code,
                masked_name = excluded.masked_name, category = excluded.category, eligible = excluded.eligible,
                evaluated_on = excluded.evaluated_on
            """;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(sql, message, scope.Transaction, cancellationToken: ct)
        );
    }
}
