using Dapper;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.Tests.Statements;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>
/// A terminal that was offline reports its sales when it is back, up to 24 h late as the protocol allows
/// (docs/terminal-protocol.md, <c>occurredAt</c>). The bureau still sees the late report, but it costs the provider
/// no credit (DOMAIN.md §8 "Credit"). A day of June 2026 of its own.
/// </summary>
public sealed class Sparing_a_terminal_that_was_offline
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [Test]
    public async Task A_sale_reported_hours_late_inside_the_offline_window_is_listed_and_costs_no_credit()
    {
        var county = NewCounty();
        await BackOfficeData.AddFundsAsync(county, county + "001");
        var provider = await BackOfficeData.AddProviderAsync(county);
        var terminal = await BackOfficeData.AddTerminalAsync(provider, county);
        var day = Local(2026, 6, 21, 0);
        var late = await BackOfficeData.BookAsync(
            new PurchaseSpec(
                provider,
                county,
                Guid.NewGuid(),
                Guid.NewGuid(),
                county,
                county + "001",
                day.AddHours(20),
                500,
                0,
                0,
                500,
                TerminalId: terminal
            )
        );
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(
            "UPDATE purchases SET occurred_at = booked_at - interval '23 hours' WHERE purchase_id = @late",
            new { late }
        );

        await Host.Services.GetRequiredService<AnomalyScanner>().ScanAsync(day, day.AddDays(1), CancellationToken.None);
        var found = (
            await connection.QueryAsync<(Guid? Purchase, int Points)>(
                "SELECT purchase_id, credit_points FROM anomalies WHERE county = @county AND rule = @rule",
                new { county, rule = AnomalyRules.LateReport }
            )
        ).AsList();
        Assert.That(
            found,
            Is.EqualTo(new[] { ((Guid?)late, 0) }),
            "listed for the bureau, at no cost to the provider's credit"
        );
    }
}
