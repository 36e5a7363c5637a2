using System.Net;
using LoveCard.Identity.Tests.Oidc;

namespace LoveCard.Identity.Tests.Accounts;

public sealed class Account_events
{
    [Test]
    public async Task Reach_the_audit_trail_with_actor_reason_and_address()
    {
        var clerk = await People.StaffAsync("bureau_clerk", "330903");
        var disabled = await People.PostAsync(
            $"/api/accounts/{clerk.AccountId}/disable",
            new { reason = "transferred" },
            await A_machine_client.TokenAsync()
        );
        Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var aggregate = clerk.AccountId.ToString();
        await Eventually.AssertAsync(
            async () =>
                await Database.ScalarAsync<long>(
                    "settlement",
                    """
                    SELECT count(*) FROM audit_entries
                    WHERE aggregate_id = @aggregate AND event_type IN ('AccountCreated', 'AccountDisabled')
                    """,
                    new { aggregate }
                ) == 2,
            TimeSpan.FromSeconds(30),
            () => "AccountCreated and AccountDisabled in settlement's audit trail"
        );
        var row = await Database.ScalarAsync<string>(
            "settlement",
            """
            SELECT actor_id || '|' || reason || '|' || county || '|' || summary FROM audit_entries
            WHERE aggregate_id = @aggregate AND event_type = 'AccountDisabled'
            """,
            new { aggregate }
        );
        Assert.That(row, Does.StartWith(Hosts.MachineClientId + "|transferred|330903|"));
        Assert.That(row, Does.Contain("\"remoteAddress\":\"127.0.0.1\"").And.Contain("\"status\":\"disabled\""));
    }
}
