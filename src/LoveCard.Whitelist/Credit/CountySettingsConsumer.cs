using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Whitelist.Credit;

/// <summary>
/// Keeps each county's <c>suspendBelow</c> (DOMAIN.md §4, default 60) from eligibility, which owns
/// the county settings. Versioned, so an older settings event arriving late cannot undo a newer one.
/// </summary>
/// <remarks>A new threshold applies from the next credit event; it does not sweep existing scores.</remarks>
public sealed class CountySettingsConsumer(IServiceProvider services) : InboxConsumer<CountySettingsChanged>(services)
{
    protected override string? VersionStream => "county-settings";

    protected override Task HandleAsync(CountySettingsChanged message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO county_settings (county, suspend_below) VALUES (@County, @SuspendBelow)
            ON CONFLICT (county) DO UPDATE SET suspend_below = excluded.suspend_below
            """;
        return scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new { message.County, message.SuspendBelow },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
