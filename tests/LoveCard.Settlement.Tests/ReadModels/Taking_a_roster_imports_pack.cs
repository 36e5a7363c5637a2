using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.ReadModels;

/// <summary>
/// ADR 0051: a roster import's <see cref="EldersImported"/> pack reaches every settlement consumer of the events it
/// carries (the elders' read model, the public statistics, the audit trail) as those events would have, once.
/// </summary>
public sealed class Taking_a_roster_imports_pack
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    private static ElderRegistered Registered(Guid elderId, string county) =>
        new()
        {
            AggregateId = elderId.ToString(),
            AggregateVersion = 1,
            Actor = TestActor,
            Reason = "roster import",
            OccurredAt = Now,
            ElderId = elderId,
            HomeCounty = county,
            VillageCode = county + "001",
            MaskedName = "王*华",
        };

    private static ElderClassified Classified(Guid elderId, string county, int? category) =>
        new()
        {
            AggregateId = elderId.ToString(),
            AggregateVersion = 2,
            Actor = TestActor,
            Reason = "roster import",
            OccurredAt = Now,
            ElderId = elderId,
            HomeCounty = county,
            VillageCode = county + "001",
            MaskedName = "王*华",
            Category = category,
            Eligible = category is not null,
            IsLocal = true,
            Reasons = ["local"],
            RulesVersion = "test",
            EvaluatedOn = new DateOnly(2026, 12, 3),
        };

    [Test]
    public async Task Applies_and_audits_every_carried_event_once_also_when_the_pack_comes_again()
    {
        var county = NewCounty();
        var elders = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        var pack = new EldersImported
        {
            PackId = "elder-import:" + Guid.NewGuid(),
            OccurredAt = Now,
            Registered = elders.Select(e => Registered(e, county)).ToArray(),
            Classified = elders.Select((e, i) => Classified(e, county, i == 2 ? null : 1 + i)).ToArray(),
        };
        var packId = Guid.NewGuid();
        var bus = Host.Services.GetRequiredService<IBus>();
        await bus.Publish(pack, ctx => ctx.MessageId = packId);
        await bus.Publish(pack, ctx => ctx.MessageId = packId);

        var audited = elders
            .Select((_, i) => PackItemIds.Of(packId, nameof(ElderRegistered), i))
            .Concat(elders.Select((_, i) => PackItemIds.Of(packId, nameof(ElderClassified), i)))
            .ToArray();
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM audit_entries WHERE message_id = ANY(@audited)", new { audited })
            == 6
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_elders WHERE home_county = @county", new { county }) == 3
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM public_elders WHERE home_county = @county", new { county }) == 3
        );
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Multiple(async () =>
        {
            Assert.That(
                await CountAsync("SELECT count(*) FROM audit_entries WHERE county = @county", new { county }),
                Is.EqualTo(6),
                "one entry per carried event, none for the pack or its second delivery"
            );
            Assert.That(
                await CountAsync(
                    "SELECT count(*) FROM rm_elders WHERE home_county = @county AND eligible AND category IS NOT NULL",
                    new { county }
                ),
                Is.EqualTo(2)
            );
            Assert.That(
                await CountAsync(
                    "SELECT count(*) FROM aggregate_versions WHERE stream = 'elder' AND aggregate_id = ANY(@ids) "
                        + "AND version = 2",
                    new { ids = elders.Select(e => e.ToString()).ToArray() }
                ),
                Is.EqualTo(3),
                "the pack's classifications advance the version stream single events use"
            );
        });
    }
}
