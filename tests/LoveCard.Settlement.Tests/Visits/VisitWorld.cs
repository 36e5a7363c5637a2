using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Visits;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Visits;

/// <summary>
/// What the home-visit tests share: a care worker registered with a provider, an elder with a home point, and
/// check-in and check-out as a terminal sends them (signed, with an Idempotency-Key).
/// </summary>
public static class VisitWorld
{
    /// <summary>The elders' homes are here; 0.01° of latitude is about 1.1 km.</summary>
    public const double HomeLat = 29.98;
    public const double HomeLon = 122.20;

    public static object At(double lat = HomeLat, double lon = HomeLon) => new { lat, lon };

    /// <summary>A certified care worker of <paramref name="providerId"/>; waits until settlement knows them.</summary>
    public static async Task<Guid> AddCareWorkerAsync(Guid providerId, string county, int validDays = 365)
    {
        var careWorkerId = Guid.NewGuid();
        await PublishAsync(
            new CareWorkerRegistered
            {
                AggregateId = careWorkerId.ToString(),
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                CareWorkerId = careWorkerId,
                ProviderId = providerId,
                County = county,
                CertificateLevel = "senior",
                CertificateValidUntil = Shanghai.Today(Now).AddDays(validDays),
            }
        );
        await Eventually.AssertAsync(
            async () =>
                await CountAsync(
                    "SELECT count(*) FROM rm_care_workers WHERE care_worker_id = @careWorkerId",
                    new { careWorkerId }
                ) == 1,
            because: () => $"care worker {careWorkerId} not in settlement's read models"
        );
        return careWorkerId;
    }

    /// <summary>
    /// An elder of <paramref name="county"/> whose home is at (<see cref="HomeLat"/>, <see cref="HomeLon"/>).
    /// </summary>
    public static async Task<Elder> AddElderAtHomeAsync(string county)
    {
        var elder = await AddElderAsync(county);
        await PublishAsync(
            new ElderHomeLocated
            {
                AggregateId = $"elder-home:{elder.ElderId}",
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                ElderId = elder.ElderId,
                HomeCounty = county,
                Lat = HomeLat,
                Lon = HomeLon,
            }
        );
        await Eventually.AssertAsync(
            async () =>
                await CountAsync(
                    "SELECT count(*) FROM rm_elder_homes WHERE elder_id = @ElderId AND lat IS NOT NULL",
                    new { elder.ElderId }
                ) == 1,
            because: () => $"elder {elder.ElderId}'s home not in settlement's read models"
        );
        return elder;
    }

    public static object CheckInBody(Elder elder, string item, Guid careWorkerId, object location, DateTimeOffset at) =>
        new
        {
            credential = Card(elder),
            item,
            careWorkerId = careWorkerId.ToString(),
            location,
            occurredAt = Shanghai.ToLocal(at),
        };

    public static async Task<VisitView> CheckInAsync(TestTerminal terminal, object body, string? key = null)
    {
        var response = await terminal.PostAsync(
            "/terminal/v1/visits",
            TestTerminal.Serialize(body),
            key ?? Guid.NewGuid().ToString("N")
        );
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        return JsonSerializer.Deserialize<VisitView>(text, TestTerminal.Json)!;
    }

    public static async Task<(int Status, string Body)> TryCheckOutAsync(
        TestTerminal terminal,
        Guid visitId,
        object location,
        DateTimeOffset at
    )
    {
        var body = TestTerminal.Serialize(new { location, occurredAt = Shanghai.ToLocal(at) });
        var response = await terminal.PostAsync(
            $"/terminal/v1/visits/{visitId}/check-out",
            body,
            Guid.NewGuid().ToString("N")
        );
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<VisitView> CheckOutAsync(
        TestTerminal terminal,
        Guid visitId,
        object location,
        DateTimeOffset at
    )
    {
        var (status, text) = await TryCheckOutAsync(terminal, visitId, location, at);
        Assert.That(status, Is.EqualTo(200), text);
        return JsonSerializer.Deserialize<VisitView>(text, TestTerminal.Json)!;
    }

    /// <summary>A visit checked in <paramref name="minutes"/> minutes ago and checked out now.</summary>
    public static async Task<VisitView> VisitAsync(
        TestTerminal terminal,
        Elder elder,
        string item,
        Guid careWorkerId,
        int minutes,
        object? checkOutAt = null
    )
    {
        var opened = await CheckInAsync(
            terminal,
            CheckInBody(elder, item, careWorkerId, At(), Now.AddMinutes(-minutes))
        );
        if (opened.Status != VisitRules.Open)
        {
            return opened;
        }

        return await CheckOutAsync(terminal, opened.VisitId, checkOutAt ?? At(), Now);
    }

    /// <summary>A purchase of <paramref name="item"/> naming <paramref name="visitId"/> (or none).</summary>
    public static object PurchaseWithVisit(Elder elder, string item, Guid? visitId)
    {
        var body = JsonSerializer.SerializeToNode(PurchaseBody(Card(elder), item), TestTerminal.Json)!.AsObject();
        body["visitId"] = visitId?.ToString();
        return body;
    }

    public static async Task<string[]?> VisitProblemsAsync(Guid purchaseId)
    {
        await using var connection = await Database.OpenAsync(Host.Schema);
        return await connection.ExecuteScalarAsync<string[]?>(
            "SELECT visit_problems FROM purchases WHERE purchase_id = @purchaseId",
            new { purchaseId }
        );
    }
}
