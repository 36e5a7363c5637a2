using System.Net;
using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Settlement.Gateway;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Settlement.Tests.Terminals;

/// <summary>TERMINAL-PROTOCOL.md, "Activation".</summary>
public sealed class Activating_a_terminal
{
    private static ServiceHost Host => GatewayHost.Host;

    private static readonly byte[] DevMasterKey = Convert.FromBase64String(TerminalOptions.DevelopmentMasterKey);

    [Test]
    public async Task Gives_the_derived_key_once_and_then_answers_activation_code_used()
    {
        var id = TestTerminal.NewTerminalId();
        var code = TestTerminal.NewActivationCode();
        await TestTerminal.RegisterAsync(Host, id, Guid.NewGuid(), "330903", code, version: 1);
        using var http = Host.CreateClient();

        var terminal = await TestTerminal.ActivateAsync(http, id, code);
        var again = await TestTerminal.PostActivationAsync(http, id, code);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(terminal.KeyVersion, Is.EqualTo(1));
            Assert.That(terminal.Key, Is.EqualTo(TerminalKeys.Derive(DevMasterKey, id, 1)));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await TestTerminal.ProblemCodeAsync(again), Is.EqualTo("activation_code_used"));
        });
        Assert.That(
            await TestTerminal.CountAsync(
                Host,
                "SELECT count(*) FROM terminals WHERE terminal_id = @id AND key_version = 1 AND master_key_id = 'dev'",
                new { id }
            ),
            Is.EqualTo(1),
            "only the key version and master key id are stored"
        );
    }

    [Test]
    public async Task Keeps_the_terminal_s_provider_county_location_and_opening_hours()
    {
        var id = TestTerminal.NewTerminalId();
        var provider = Guid.NewGuid();
        await Host
            .Services.GetRequiredService<IBus>()
            .Publish(
                new TerminalRegistered
                {
                    AggregateId = id,
                    AggregateVersion = 1,
                    Actor = new Actor(ActorKinds.User, "test"),
                    Reason = "test",
                    OccurredAt = DateTimeOffset.UtcNow,
                    TerminalId = id,
                    ProviderId = provider,
                    County = "330921",
                    ActivationCodeHash = TestTerminal.Sha256Hex("code"),
                    ActivationCodeExpiresAt = DateTimeOffset.UtcNow.AddHours(24),
                    Model = "LC-T2",
                    Latitude = 29.98,
                    Longitude = 122.2,
                    OpensAt = new TimeOnly(10, 30),
                    ClosesAt = new TimeOnly(13, 0),
                }
            );
        var store = Host.Services.GetRequiredService<TerminalStore>();

        var row = await Eventually.ValueAsync(() => store.FindAsync(id, CancellationToken.None), r => r is not null);

        Assert.Multiple(() =>
        {
            Assert.That(row!.ProviderId, Is.EqualTo(provider));
            Assert.That(row.County, Is.EqualTo("330921"));
            Assert.That(row.Model, Is.EqualTo("LC-T2"));
            Assert.That(row.Latitude, Is.EqualTo(29.98));
            Assert.That(row.Longitude, Is.EqualTo(122.2));
            Assert.That(row.OpensAt, Is.EqualTo(new TimeOnly(10, 30)));
            Assert.That(row.ClosesAt, Is.EqualTo(new TimeOnly(13, 0)));
            Assert.That(row.KeyVersion, Is.Zero, "not activated yet");
            Assert.That(row.Status, Is.EqualTo(TerminalStatuses.Enabled));
        });
    }

    [Test]
    public async Task Refuses_an_expired_code()
    {
        var id = TestTerminal.NewTerminalId();
        var code = TestTerminal.NewActivationCode();
        await TestTerminal.RegisterAsync(
            Host,
            id,
            Guid.NewGuid(),
            "330903",
            code,
            version: 1,
            expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1)
        );
        using var http = Host.CreateClient();

        var response = await TestTerminal.PostActivationAsync(http, id, code);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await TestTerminal.ProblemCodeAsync(response), Is.EqualTo("activation_code_expired"));
    }

    [Test]
    public async Task Refuses_a_wrong_code_and_an_unknown_terminal_alike()
    {
        var id = TestTerminal.NewTerminalId();
        await TestTerminal.RegisterAsync(
            Host,
            id,
            Guid.NewGuid(),
            "330903",
            TestTerminal.NewActivationCode(),
            version: 1
        );
        using var http = Host.CreateClient();

        var wrong = await TestTerminal.PostActivationAsync(http, id, "not-the-code");
        var unknown = await TestTerminal.PostActivationAsync(http, TestTerminal.NewTerminalId(), "whatever");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await TestTerminal.ProblemCodeAsync(wrong), Is.EqualTo("activation_code_invalid"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await TestTerminal.ProblemCodeAsync(unknown), Is.EqualTo("activation_code_invalid"));
        });
    }

    [Test]
    public async Task Names_the_missing_field()
    {
        using var http = Host.CreateClient();

        var response = await TestTerminal.PostActivationAsync(http, TestTerminal.NewTerminalId(), "");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("field").GetString(), Is.EqualTo("activationCode"));
    }

    [Test]
    public async Task Bumps_the_key_version_on_re_registration_and_refuses_the_old_key()
    {
        var id = TestTerminal.NewTerminalId();
        var provider = Guid.NewGuid();
        var first = TestTerminal.NewActivationCode();
        await TestTerminal.RegisterAsync(Host, id, provider, "330903", first, version: 1);
        using var http = Host.CreateClient();
        var old = await TestTerminal.ActivateAsync(http, id, first);
        Assert.That((await old.GetAsync("/terminal/v1/test-gateway/whoami")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var second = TestTerminal.NewActivationCode();
        await TestTerminal.RegisterAsync(Host, id, provider, "330903", second, version: 2);
        Assert.That(
            (await old.GetAsync("/terminal/v1/test-gateway/whoami")).StatusCode,
            Is.EqualTo(HttpStatusCode.OK),
            "the old key works until the new code is used"
        );
        var renewed = await TestTerminal.ActivateAsync(http, id, second);

        var withOldKey = await old.GetAsync("/terminal/v1/test-gateway/whoami");
        var withNewKey = await renewed.GetAsync("/terminal/v1/test-gateway/whoami");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(renewed.KeyVersion, Is.EqualTo(2));
            Assert.That(renewed.Key, Is.Not.EqualTo(old.Key));
            Assert.That(withOldKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await TestTerminal.ProblemCodeAsync(withOldKey), Is.EqualTo("signature_invalid"));
            Assert.That(withNewKey.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
