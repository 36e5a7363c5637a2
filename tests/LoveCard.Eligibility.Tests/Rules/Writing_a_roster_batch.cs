using System.Text.Json;
using System.Text.Json.Nodes;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Eligibility.Elders;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.PersonalData;

namespace LoveCard.Eligibility.Tests.Rules;

/// <summary>The import's fast paths must produce exactly what the platform's slow paths do.</summary>
public sealed class Writing_a_roster_batch
{
    private static readonly PersonalDataOptions Options = new PersonalDataOptions().WithDevelopmentFallback();

    [Test]
    public void Seals_personal_data_with_a_fresh_nonce_per_value_on_a_reused_cipher()
    {
        var protector = new PersonalDataProtector(Options);
        var values = new[] { "330102195001011234", "王小华", "13812345678", "王" + new string('华', 200) };
        var sealedValues = values.Select(protector.Encrypt).ToArray(); // one AES-GCM context for the thread, reused

        Assert.That(sealedValues.Select(protector.Decrypt), Is.EqualTo(values));
        Assert.That(sealedValues, Has.All.StartWith(Options.CurrentEncryptionKeyId + ":"));
        Assert.That(
            sealedValues
                .Select(v => Convert.FromBase64String(v[(v.IndexOf(':') + 1)..])[..12])
                .Select(Convert.ToHexString),
            Is.Unique,
            "every value has its own nonce"
        );
        Assert.That(protector.Encrypt(values[0]), Is.Not.EqualTo(sealedValues[0]));
        Assert.That(protector.NeedsReEncryption(sealedValues[0]), Is.False);
    }

    [Test]
    public void Writes_event_bodies_equal_to_the_platform_outbox_json()
    {
        var classified = new ElderClassified
        {
            AggregateId = Guid.NewGuid().ToString(),
            AggregateVersion = 2,
            Actor = new Actor(ActorKinds.User, "bureau-1"),
            Reason = "roster import",
            OccurredAt = DateTimeOffset.UtcNow,
            ElderId = Guid.NewGuid(),
            HomeCounty = "330922",
            VillageCode = "330922000001",
            MaskedName = "王*华",
            Category = 2,
            Eligible = true,
            IsLocal = true,
            Reasons = ["local", "advanced_age"],
            RulesVersion = "domain-2.1",
            EvaluatedOn = new DateOnly(2026, 11, 28),
            SocialSecurityCardNumber = null,
            SpecialSituations = ["alone"],
        };
        var registered = new ElderRegistered
        {
            AggregateId = classified.AggregateId,
            AggregateVersion = 1,
            Actor = classified.Actor,
            Reason = "roster import",
            OccurredAt = classified.OccurredAt,
            ElderId = classified.ElderId,
            HomeCounty = "330922",
            VillageCode = "330922000001",
            MaskedName = "王*华",
        };

        foreach (IntegrationEvent e in new IntegrationEvent[] { classified, registered })
        {
            var platform = JsonNode.Parse(
                JsonSerializer.Serialize(e, e.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            );
            var generated = JsonNode.Parse(JsonSerializer.Serialize(e, EventJson.Default.GetTypeInfo(e.GetType())!));
            Assert.That(JsonNode.DeepEquals(generated, platform), Is.True, $"{e.GetType().Name}: {generated}");
        }
    }

    [Test]
    public void Writes_copy_text_rows_with_every_special_character_escaped()
    {
        var writer = new StringWriter();
        var id = Guid.Parse("01937a2b-0000-7000-8000-000000000001");
        new CopyText()
            .Uuid(id)
            .Text("a\tb\\c\nd\re")
            .Text(null)
            .Text("{\"name\":\"\\u5F20*\",\"q\":\"say \\\"hi\\\"\"}")
            .EndRow(writer);
        new CopyText().Text("plain").EndRow(writer);

        Assert.That(
            writer.ToString(),
            Is.EqualTo(
                "01937a2b-0000-7000-8000-000000000001\ta\\tb\\\\c\\nd\\re\t\\N\t"
                    + "{\"name\":\"\\\\u5F20*\",\"q\":\"say \\\\\"hi\\\\\"\"}\n"
                    + "plain\n"
            )
        );
    }
}
