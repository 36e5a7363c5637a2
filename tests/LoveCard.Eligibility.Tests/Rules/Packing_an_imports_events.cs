using System.Text.Json;
using System.Text.Json.Nodes;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Eligibility.Elders;

namespace LoveCard.Eligibility.Tests.Rules;

/// <summary>ADR 0051: a roster batch's events leave in packs of up to 500 classifications, each event
/// unchanged.</summary>
public sealed class Packing_an_imports_events
{
    private static readonly Actor Bureau = new(ActorKinds.User, "bureau-1");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static ElderRegistered Registered(Guid elderId) =>
        new()
        {
            AggregateId = elderId.ToString(),
            AggregateVersion = 1,
            Actor = Bureau,
            Reason = "roster import",
            OccurredAt = Now,
            ElderId = elderId,
            HomeCounty = "330922",
            VillageCode = "330922000001",
            MaskedName = "王*华",
        };

    private static ElderClassified Classified(Guid elderId, long version) =>
        new()
        {
            AggregateId = elderId.ToString(),
            AggregateVersion = version,
            Actor = Bureau,
            Reason = "roster import",
            OccurredAt = Now,
            ElderId = elderId,
            HomeCounty = "330922",
            VillageCode = "330922000001",
            MaskedName = "王*华",
            Category = 2,
            Eligible = true,
            IsLocal = true,
            Reasons = ["local", "advanced_age"],
            RulesVersion = "domain-2.1",
            EvaluatedOn = new DateOnly(2026, 12, 3),
        };

    [Test]
    public void Packs_up_to_500_classifications_with_their_registrations_in_the_order_written()
    {
        // 600 new elders (registered, then classified), then 100 changed ones (classified only): 1,300 events.
        var events = new List<IntegrationEvent>();
        for (var i = 0; i < 600; i++)
        {
            var id = Guid.NewGuid();
            events.Add(Registered(id));
            events.Add(Classified(id, 2));
        }

        events.AddRange(Enumerable.Range(0, 100).Select(_ => Classified(Guid.NewGuid(), 5)));

        var packs = ElderWriter.Pack(events, Now);

        Assert.Multiple(() =>
        {
            Assert.That(
                packs.Select(p => (p.Registered.Count, p.Classified.Count)),
                Is.EqualTo(new[] { (500, 500), (100, 200) })
            );
            Assert.That(
                packs.SelectMany(p => p.Registered),
                Is.EqualTo(events.OfType<ElderRegistered>()),
                "registrations unchanged, in order"
            );
            Assert.That(
                packs.SelectMany(p => p.Classified),
                Is.EqualTo(events.OfType<ElderClassified>()),
                "classifications unchanged, in order"
            );
            foreach (var pack in packs)
            {
                Assert.That(
                    pack.Registered.Select(r => r.ElderId),
                    Is.SubsetOf(pack.Classified.Select(c => c.ElderId)),
                    "a registration travels with its elder's first classification"
                );
                Assert.That(pack.PackId, Does.StartWith("elder-import:"));
                Assert.That(pack.OccurredAt, Is.EqualTo(Now));
            }

            Assert.That(packs.Select(p => p.PackId), Is.Unique);
            Assert.That(ElderWriter.Pack([], Now), Is.Empty, "no events, no pack");
        });
    }

    [Test]
    public void Writes_the_pack_body_the_platform_outbox_would()
    {
        var id = Guid.NewGuid();
        var pack = ElderWriter.Pack([Registered(id), Classified(id, 2)], Now).Single();

        var platform = JsonNode.Parse(
            JsonSerializer.Serialize(pack, pack.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        );
        var generated = JsonNode.Parse(JsonSerializer.Serialize(pack, EventJson.Default.GetTypeInfo(pack.GetType())!));
        Assert.That(JsonNode.DeepEquals(generated, platform), Is.True, generated?.ToJsonString());
        Assert.That(generated!["classified"]![0]!["aggregateVersion"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(generated["registered"]![0]!["elderId"]!.GetValue<Guid>(), Is.EqualTo(id));
    }
}
