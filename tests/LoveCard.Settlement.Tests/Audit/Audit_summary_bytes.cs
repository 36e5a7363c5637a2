using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using LoveCard.Contracts;
using LoveCard.Settlement.Oversight.Audit;

namespace LoveCard.Settlement.Tests.Audit;

/// <summary>
/// ADR 0057 changed how a summary and a hash are made, not what they are: the chain already stored must verify, and
/// an entry appended now must hash as it did. These tests hold the new code to the code it replaced (kept here,
/// verbatim, as the reference) byte for byte, for every event type and for text that has to be escaped.
/// </summary>
public sealed class Audit_summary_bytes
{
    private static readonly JsonSerializerOptions ReferenceOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Text a JSON writer escapes (quotes, HTML characters, a line separator) next to Chinese and an
    /// emoji.</summary>
    private static readonly string[] Awkward = ["王*华 <b>&'\"\\ \u2028 é 😀 /", "", "plain"];

    /// <summary>The same, and an unpaired surrogate, which UTF-8 turns into a replacement character.</summary>
    private static readonly string[] AwkwardForHash = [.. Awkward, "\ud800 lone"];

    public static IEnumerable<Type> EventTypes() => OversightEvents.AllEventTypes();

    [TestCaseSource(nameof(EventTypes))]
    public void A_summary_is_the_bytes_the_node_path_wrote(Type type)
    {
        var message = OversightEvents.Make(type, "330903");
        Assert.That(AuditSummary.Summarise(message), Is.EqualTo(ReferenceSummary(message)));
        foreach (var text in Awkward)
        {
            var awkward = WithStrings(message, text);
            Assert.That(AuditSummary.Summarise(awkward), Is.EqualTo(ReferenceSummary(awkward)), text);
        }
    }

    [Test]
    public void A_hash_is_the_hash_of_the_string_form_it_replaced()
    {
        var occurred = new DateTimeOffset(2026, 12, 3, 19, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234560);
        var records = new List<AuditRecord>();
        foreach (var text in AwkwardForHash)
        {
            records.Add(
                new AuditRecord(
                    long.MaxValue - text.Length,
                    Guid.NewGuid(),
                    "PurchaseSettled" + text,
                    text,
                    -3,
                    "terminal",
                    "T-" + text,
                    text,
                    text.Length % 2 == 0 ? null : "330903",
                    text.Length == 0 ? null : text,
                    occurred,
                    occurred.AddTicks(10),
                    "{\"x\":\"" + text + "\"}",
                    AuditHash.Genesis,
                    ""
                )
            );
        }

        records.Add(records[0] with { Summary = new string('长', 5000), Seq = 1 });
        foreach (var record in records)
        {
            Assert.That(AuditHash.Compute(record), Is.EqualTo(ReferenceHash(record)), record.AggregateId);
        }
    }

    /// <summary>A copy of <paramref name="message"/> with every string property set to <paramref name="text"/>
    /// (numbers, ids and instants as made).</summary>
    private static IntegrationEvent WithStrings(IntegrationEvent message, string text)
    {
        var clone = (IntegrationEvent)message.GetType().GetMethod("<Clone>$")!.Invoke(message, null)!;
        foreach (var property in clone.GetType().GetProperties())
        {
            if (property.PropertyType == typeof(string) && property.SetMethod is not null)
            {
                property.SetValue(clone, text);
            }
        }

        return clone;
    }

    /// <summary>AuditSummary.Summarise as it was before ADR 0057.</summary>
    private static string ReferenceSummary(IntegrationEvent message)
    {
        var node = JsonSerializer.SerializeToNode(message, message.GetType(), ReferenceOptions)!.AsObject();
        foreach (var name in new[] { "aggregateId", "aggregateVersion", "actor", "reason", "occurredAt" })
        {
            node.Remove(name);
        }

        node.Remove("socialSecurityCardNumber");
        node.Remove("activationCodeHash");
        node.Remove("agentPhoneHash");
        if (node.Remove("faceIdHash", out var face))
        {
            node["faceBound"] = face is not null;
        }

        if (node.Remove("publicKeySpki", out var spki) && spki?.GetValue<string>() is { } key)
        {
            node["publicKeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key)));
        }

        foreach (var name in new[] { "cardNumber", "previousCardNumber" })
        {
            if (node[name]?.GetValue<string>() is { } number)
            {
                node[name] = AuditSummary.MaskCardNumber(number);
            }
        }

        return node.ToJsonString(ReferenceOptions);
    }

    /// <summary>AuditHash.Compute as it was before ADR 0057.</summary>
    private static string ReferenceHash(AuditRecord r)
    {
        var sb = new StringBuilder();
        foreach (
            var value in new[]
            {
                AuditHash.Version,
                r.Seq.ToString(CultureInfo.InvariantCulture),
                r.MessageId.ToString("D"),
                r.EventType,
                r.AggregateId,
                r.AggregateVersion.ToString(CultureInfo.InvariantCulture),
                r.ActorKind,
                r.ActorId,
                r.Reason,
                r.County,
                r.RelatedCounty,
                AuditHash.FormatInstant(r.OccurredAt),
                AuditHash.FormatInstant(r.RecordedAt),
                r.Summary,
                r.PrevHash,
            }
        )
        {
            if (value is null)
            {
                sb.Append('~');
                continue;
            }

            sb.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture))
                .Append(':')
                .Append(value)
                .Append(',');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
