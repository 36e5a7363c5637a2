using System.Text.Json;
using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>
/// Every policy version is kept by its effective day: an older version that arrives late is still
/// a version some booking day needs, so the stream only records the newest seen (for reconciliation).
/// </summary>
public sealed class SubsidyPolicyPublishedConsumer(IServiceProvider services)
    : InboxConsumer<SubsidyPolicyPublished>(services)
{
    protected override string VersionStream => "subsidy-policy";

    protected override bool KeepsEveryVersion => true;

    protected override async Task HandleAsync(SubsidyPolicyPublished message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rm_subsidy_policies (county, policy_version, effective_from, categories)
            VALUES (@County, @PolicyVersion, @EffectiveFrom, @Categories::jsonb)
            ON CONFLICT (county, policy_version) DO UPDATE SET effective_from = excluded.effective_from, categories =
                excluded.categories
            """;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.County,
                    message.PolicyVersion,
                    message.EffectiveFrom,
                    Categories = JsonSerializer.Serialize(message.Categories, ReadModelJson.Options),
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
