using System.Text;
using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Core.ReadModels;
using LoveCard.Settlement.Gateway;
using LoveCard.Settlement.Tests.Ledger;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>
/// The purchase's JSON on the hot path (ADR 0049): compile-time serialisers that write what reflection wrote, and an
/// answer serialised once, its bytes both kept in the idempotency row and sent to the terminal.
/// </summary>
public sealed class Serialising_the_answer_once
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web);

    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 5, TimeSpan.FromHours(8));

    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [Test]
    public void The_compile_time_answer_is_byte_for_byte_what_reflection_wrote()
    {
        var answer = Answer();

        Assert.That(
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(answer, PurchaseJson.Default.PurchaseAnswer)),
            Is.EqualTo(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(answer, Reflection)))
        );
    }

    [Test]
    public void The_compile_time_purchase_settled_is_byte_for_byte_what_reflection_wrote()
    {
        var settled = new PurchaseSettled
        {
            AggregateId = Guid.NewGuid().ToString(),
            AggregateVersion = 1,
            Actor = new Actor(ActorKinds.Terminal, "T-1"),
            Reason = "purchase",
            OccurredAt = At,
            PurchaseId = Guid.NewGuid(),
            ReceiptNo = "R261203120005ABCDEF",
            TerminalId = "T-1",
            ProviderId = Guid.NewGuid(),
            ProviderCounty = "330903",
            ElderId = Guid.NewGuid(),
            HomeCounty = "330903",
            CardId = Guid.NewGuid(),
            Item = "meal",
            Quantity = 2,
            ListPriceFen = 1500,
            PriceFen = 3000,
            FiscalFen = 2400,
            CollectiveFen = 450,
            CharityFen = 150,
            FamilyFen = 0,
            BookedAt = At,
        };

        Assert.That(
            JsonSerializer.Serialize(settled, PurchaseJson.Default.PurchaseSettled),
            Is.EqualTo(JsonSerializer.Serialize(settled, settled.GetType(), Reflection))
        );
    }

    [Test]
    public void The_service_reads_and_writes_the_terminal_bodies_with_the_compile_time_serialisers()
    {
        var options = Host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        const string body = """
            {"credential":{"type":"card","value":"A12"},"ITEM":"meal","quantity":"2","extra":1,
             "location":{"lat":30.1,"lon":120.2}}
            """;

        var request = JsonSerializer.Deserialize<PurchaseRequest>(body, options)!;

        Assert.Multiple(() =>
        {
            Assert.That(
                options.GetTypeInfo(typeof(PurchaseAnswer)).OriginatingResolver,
                Is.SameAs(PurchaseJson.Default)
            );
            Assert.That(
                options.GetTypeInfo(typeof(PurchaseRequest)).OriginatingResolver,
                Is.SameAs(PurchaseJson.Default)
            );
            // The web defaults as before: any case, numbers from strings, unknown members skipped.
            Assert.That(request, Is.EqualTo(JsonSerializer.Deserialize<PurchaseRequest>(body, Reflection)));
            Assert.That(request.Item, Is.EqualTo("meal"));
            Assert.That(request.Quantity, Is.EqualTo(2));
        });
    }

    [Test]
    public void The_writer_hands_the_kept_bytes_to_the_answer_and_serialises_any_other()
    {
        var writer = new PurchaseAnswerWriter(
            new TerminalTransaction(null!, null!, "key-1", "T-1"),
            PurchaseJson.Default.Options
        );
        var kept = Answer();
        var other = Answer();
        using var batch = new NpgsqlBatch();

        writer.Add(batch, kept, At);
        var beforeKept = writer.Bytes(kept);
        writer.Kept();

        var keptBody = (byte[])batch.BatchCommands[0].Parameters[4].Value!;
        Assert.Multiple(() =>
        {
            Assert.That(beforeKept, Is.Not.SameAs(keptBody), "not kept yet: serialised again");
            Assert.That(writer.Bytes(kept), Is.SameAs(keptBody), "kept: the very bytes written into the row");
            Assert.That(writer.Bytes(other), Is.Not.SameAs(keptBody));
            Assert.That(writer.Bytes(other), Is.EqualTo(JsonSerializer.SerializeToUtf8Bytes(other, Reflection)));
        });
    }

    [Test]
    public async Task The_result_writes_exactly_its_bytes_as_json()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(Answer(), Reflection);
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await new Utf8JsonOk<PurchaseAnswer>(Answer(), bytes).ExecuteAsync(context);

        Assert.Multiple(() =>
        {
            Assert.That(context.Response.StatusCode, Is.EqualTo(200));
            Assert.That(context.Response.ContentType, Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(context.Response.ContentLength, Is.EqualTo(bytes.Length));
            Assert.That(body.ToArray(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void A_policy_text_is_parsed_once()
    {
        const string json = """
            [{"category":1,"defaultShares":{"fiscalPercent":70,"collectivePercent":20,"charityPercent":10},
              "itemShares":[],"monthlyCapFiscalFen":1,"monthlyCapCollectiveFen":2,"monthlyCapCharityFen":3}]
            """;

        var first = PolicyDefaults.Parse(json);

        Assert.Multiple(() =>
        {
            Assert.That(PolicyDefaults.Parse(json), Is.SameAs(first));
            Assert.That(first.Single().DefaultShares.FiscalPercent, Is.EqualTo(70));
            Assert.That(first.Single().MonthlyCapCharityFen, Is.EqualTo(3));
            Assert.That(
                PolicyDefaults.Parse(json.Replace("70", "60")).Single().DefaultShares.FiscalPercent,
                Is.EqualTo(60)
            );
        });
    }

    [Test]
    public async Task A_purchase_sends_the_bytes_kept_for_its_key()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAllAsync(county, elder.Village);
        var provider = await AddProviderAsync(county);
        var terminal = await AddTerminalAsync(provider, county);
        var key = Guid.NewGuid().ToString("N");

        var response = await terminal.PostAsync(
            "/terminal/v1/purchases",
            Terminals.TestTerminal.Serialize(PurchaseBody(Card(elder))),
            key
        );
        var sent = await response.Content.ReadAsByteArrayAsync();

        await using var connection = await Database.OpenAsync(Host.Schema);
        var kept = await connection.QuerySingleAsync<byte[]>(
            "SELECT body FROM terminal_idempotency WHERE terminal_id = @id AND idempotency_key = @key",
            new { id = terminal.TerminalId, key }
        );
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), Encoding.UTF8.GetString(sent));
            Assert.That(
                response.Content.Headers.ContentType?.ToString(),
                Is.EqualTo("application/json; charset=utf-8")
            );
            Assert.That(sent, Is.EqualTo(kept));
            Assert.That(JsonDocument.Parse(sent).RootElement.GetProperty("status").GetString(), Is.EqualTo("approved"));
        });
        await LedgerInvariants.AssertAsync(Host.Schema);
    }

    private static PurchaseAnswer Answer() =>
        new(
            Guid.NewGuid(),
            "R261203120005ABCDEF",
            "approved",
            null,
            new ElderView("王*华", 1, "330903"),
            "meal",
            1,
            1500,
            1500,
            new SplitView(1200, 225, 75, 0),
            new CapsView(28800, 9775, 4925),
            At,
            At
        );
}
