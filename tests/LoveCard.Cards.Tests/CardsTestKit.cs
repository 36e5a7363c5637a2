using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Auth;
using LoveCard.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Cards.Tests;

/// <summary>What the integration tests share: publishing classifications, waiting for cards, reading outbox
/// rows.</summary>
public static class CardsTestKit
{
    private static int _county = 100;

    public static ServiceHost Host => TestSetup.Host;

    /// <summary>A county code no other test uses, so listings and bureau checks do not interfere.</summary>
    public static string NewCounty() =>
        TestCounties.Register(
            "33"
                + Interlocked.Increment(ref _county).ToString("0000", System.Globalization.CultureInfo.InvariantCulture)
        );

    public static ElderClassified Classified(
        Guid elderId,
        string county,
        int? category,
        long version = 1,
        string? socialSecurityCardNumber = null,
        string village = "330000001"
    ) =>
        new()
        {
            AggregateId = elderId.ToString(),
            AggregateVersion = version,
            Actor = Actor.Job("test"),
            Reason = "test",
            OccurredAt = DateTimeOffset.UtcNow,
            ElderId = elderId,
            HomeCounty = county,
            VillageCode = village,
            MaskedName = "王*华",
            Category = category,
            Eligible = category is not null,
            IsLocal = true,
            Reasons = category is null ? [] : ["local"],
            RulesVersion = "test-1",
            EvaluatedOn = new DateOnly(2026, 11, 28),
            SocialSecurityCardNumber = socialSecurityCardNumber,
        };

    /// <summary>Publishes as the eligibility service would, through the host's bus.</summary>
    public static Task PublishAsync(ElderClassified message, Guid? messageId = null) =>
        Host.Services.GetRequiredService<IBus>().Publish(message, ctx => ctx.MessageId = messageId ?? NewId.NextGuid());

    public static async Task<Guid> WaitForCardAsync(Guid elderId) =>
        await Eventually.ValueAsync(
            () =>
                Database.ScalarAsync<Guid>(
                    Host.Schema,
                    "SELECT card_id FROM cards WHERE elder_id = @elderId",
                    new { elderId }
                ),
            id => id != Guid.Empty,
            what: $"the card of elder {elderId}"
        );

    /// <summary>A provisioned card pending consent, for a new elder of <paramref name="county"/>.</summary>
    public static async Task<(Guid CardId, Guid ElderId)> ProvisionAsync(
        string county,
        int category = 1,
        string? socialSecurityCardNumber = null
    )
    {
        var elderId = Guid.NewGuid();
        await PublishAsync(Classified(elderId, county, category, socialSecurityCardNumber: socialSecurityCardNumber));
        return (await WaitForCardAsync(elderId), elderId);
    }

    /// <summary>A provisioned card the elder consented to online: active.</summary>
    public static async Task<(Guid CardId, Guid ElderId)> ProvisionActiveAsync(string county)
    {
        var (cardId, elderId) = await ProvisionAsync(county);
        using var elder = Host.CreateClient(Roles.Elder, elder: elderId);
        var response = await elder.PostAsJsonAsync(
            $"/api/cards/{cardId}/consent",
            new { givenBy = "elder", channel = "online" }
        );
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (cardId, elderId);
    }

    public static HttpClient Bureau(string county) =>
        Host.CreateClient(Roles.Bureau, county, subject: $"bureau-user-{county}");

    public static async Task<JsonObject> CardAsync(Guid cardId, string county)
    {
        using var bureau = Bureau(county);
        return (await bureau.GetFromJsonAsync<JsonObject>($"/api/cards/{cardId}"))!;
    }

    public sealed record OutboxRow(string MessageType, JsonObject Body);

    /// <summary>The events the service wrote for <paramref name="aggregateId"/>, in order.</summary>
    public static async Task<IReadOnlyList<OutboxRow>> OutboxAsync(string aggregateId)
    {
        await using var connection = await Database.OpenAsync(Host.Schema);
        var rows = await connection.QueryAsync<(string MessageType, string Body)>(
            "SELECT message_type, body::text FROM outbox WHERE aggregate_id = @aggregateId ORDER BY id",
            new { aggregateId }
        );
        return rows.Select(r => new OutboxRow(r.MessageType.Split('.')[^1], JsonNode.Parse(r.Body)!.AsObject()))
            .ToArray();
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<long> VersionAsync(Guid cardId) =>
        await Database.ScalarAsync<long>(
            Host.Schema,
            "SELECT version FROM cards WHERE card_id = @cardId",
            new { cardId }
        );
}
