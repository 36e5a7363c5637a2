using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace LoveCard.Terminal.Tests;

/// <summary>
/// The client's home visits (protocol version 1.1): check-in and check-out are signed POSTs with an Idempotency-Key,
/// their answers parse, and a purchase names its visit.
/// </summary>
public sealed class Checking_in_and_out_of_a_home_visit
{
    private const string VisitJson = """
        {"visitId":"0193720c-2a40-7c1a-9f00-6b6d4e8a1c77","status":"completed","declineCode":null,
         "elder":{"maskedName":"王*华","category":1,"homeCounty":"330903"},"item":"bath",
         "careWorkerId":"0193720c-1f2e-7a11-8c00-5d6e7f801234","checkedInAt":"2026-11-28T09:02:00+08:00",
         "checkInDistanceM":35,"checkedOutAt":"2026-11-28T09:48:00+08:00","checkOutDistanceM":20,
         "durationMinutes":46,"valid":false,"problems":["outside_radius"]}
        """;

    [Test]
    public async Task Sends_signed_idempotent_check_ins_and_check_outs_and_reads_the_verdict()
    {
        var server = new FakeServer
        {
            Respond = (_, _, _) => Task.FromResult(FakeServer.Json(HttpStatusCode.OK, VisitJson)),
        };
        var options = new TerminalClientOptions
        {
            ServerUrl = new Uri("http://127.0.0.1:5104"),
            InitialBackoff = TimeSpan.Zero,
        };
        using var client = new TerminalClient(new HttpClient(server), options, Independent.Credentials());
        var visitId = Guid.Parse("0193720c-2a40-7c1a-9f00-6b6d4e8a1c77");

        await client.CheckInAsync(
            new VisitCheckInRequest(
                new Credential("card", "D09030001"),
                "bath",
                "0193720c-1f2e-7a11-8c00-5d6e7f801234",
                new Location(29.98, 122.20)
            )
        );
        var verdict = await client.CheckOutAsync(visitId, new VisitCheckOutRequest(new Location(29.98, 122.20)));

        var (checkIn, checkOut) = (server.Received[0], server.Received[1]);
        Assert.Multiple(() =>
        {
            Assert.That(checkIn.PathAndQuery, Is.EqualTo("/terminal/v1/visits"));
            Assert.That(checkOut.PathAndQuery, Is.EqualTo($"/terminal/v1/visits/{visitId}/check-out"));
            Assert.That(checkIn.Header("Idempotency-Key"), Is.Not.Null.And.Not.Empty);
            Assert.That(checkOut.Header("Idempotency-Key"), Is.Not.Null.And.Not.Empty);
            Assert.That(Independent.Verifies(checkIn, Independent.Key), Is.True);
            Assert.That(
                JsonNode.Parse(Encoding.UTF8.GetString(checkIn.Body))!["occurredAt"],
                Is.Not.Null,
                "the time is fixed in the body before the first send"
            );
            Assert.That((verdict.Valid, verdict.DurationMinutes), Is.EqualTo(((bool?)false, (int?)46)));
            Assert.That(verdict.Problems, Is.EqualTo(new[] { "outside_radius" }));
        });
    }

    [Test]
    public void A_purchase_names_its_visit()
    {
        var visitId = Guid.NewGuid();
        var body = JsonNode.Parse(
            Encoding.UTF8.GetString(
                ProtocolJson.Serialize(
                    new PurchaseRequest(new Credential("card", "D09030001"), "bath", VisitId: visitId)
                )
            )
        )!;
        Assert.That((string?)body["visitId"], Is.EqualTo(visitId.ToString()));
    }
}
