using System.Buffers;
using System.Text;
using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Settlement.Oversight;
using LoveCard.Settlement.Oversight.Audit;

namespace LoveCard.Settlement.Tests.Audit;

/// <summary>Unit tests of the canonical hash, the chain check and the summaries (no server needed).</summary>
public sealed class Hash_chain_rules
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static List<AuditRecord> Chain(int n)
    {
        var list = new List<AuditRecord>();
        var prev = AuditHash.Genesis;
        for (var seq = 1; seq <= n; seq++)
        {
            var draft = new AuditRecord(
                seq,
                Guid.NewGuid(),
                "CardSuspended",
                $"card-{seq}",
                1,
                "user",
                "clerk",
                "lost",
                "330903",
                null,
                T0.AddMinutes(seq),
                T0.AddMinutes(seq).AddTicks(1234560),
                $"{{\"n\":{seq}}}",
                prev,
                ""
            );
            var entry = draft with { Hash = AuditHash.Compute(draft) };
            list.Add(entry);
            prev = entry.Hash;
        }

        return list;
    }

    private static AuditVerification Check(
        IEnumerable<AuditRecord> entries,
        IEnumerable<AuditAnchor>? anchors = null,
        AuditAnchor? head = null
    )
    {
        var check = new AuditChainCheck(anchors ?? []);
        foreach (var e in entries)
        {
            if (!check.Add(e))
            {
                break;
            }
        }

        return check.Finish(head);
    }

    [Test]
    public void A_hash_is_64_lowercase_hex_digits_and_changes_with_every_field()
    {
        var e = Chain(1)[0];
        Assert.That(e.Hash, Does.Match("^[0-9a-f]{64}$"));
        var variants = new[]
        {
            e with
            {
                Seq = 2,
            },
            e with
            {
                MessageId = Guid.NewGuid(),
            },
            e with
            {
                EventType = "CardResumed",
            },
            e with
            {
                AggregateId = "x",
            },
            e with
            {
                AggregateVersion = 2,
            },
            e with
            {
                ActorKind = "job",
            },
            e with
            {
                ActorId = "other",
            },
            e with
            {
                Reason = "stolen",
            },
            e with
            {
                County = null,
            },
            e with
            {
                County = "",
            },
            e with
            {
                RelatedCounty = "330102",
            },
            e with
            {
                OccurredAt = e.OccurredAt.AddTicks(10),
            },
            e with
            {
                RecordedAt = e.RecordedAt.AddTicks(10),
            },
            e with
            {
                Summary = "{\"n\":2}",
            },
            e with
            {
                PrevHash = new string('1', 64),
            },
        };
        Assert.That(variants.Select(AuditHash.Compute), Has.None.EqualTo(e.Hash));
    }

    [Test]
    public void Field_boundaries_cannot_be_shifted_because_fields_are_length_prefixed()
    {
        var e = Chain(1)[0];
        var shifted = e with { ActorId = e.ActorId + e.Reason[..1], Reason = e.Reason[1..] };
        Assert.That(AuditHash.Compute(shifted), Is.Not.EqualTo(AuditHash.Compute(e)));
    }

    [Test]
    public void Instants_are_hashed_at_the_microsecond_precision_the_database_keeps()
    {
        var instant = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567);
        var stored = AuditHash.ToStoredPrecision(instant);
        Assert.That(stored.UtcTicks % 10, Is.Zero);
        Assert.That(AuditHash.FormatInstant(stored), Is.EqualTo("2025-03-01T00:00:00.123456Z"));
        Assert.That(AuditHash.ParseInstant(AuditHash.FormatInstant(stored)), Is.EqualTo(stored));
    }

    [Test]
    public void An_intact_chain_verifies()
    {
        var result = Check(Chain(5), head: null);
        Assert.That(result, Is.EqualTo(new AuditVerification(true, 5, null, null)));
    }

    [Test]
    public void An_altered_entry_fails_at_that_entry()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Summary = "{\"n\":999}" };
        Assert.That(Check(chain), Is.EqualTo(new AuditVerification(false, 2, 3, "hash_mismatch")));
    }

    [Test]
    public void An_altered_entry_whose_hash_was_recomputed_fails_at_the_next_entry()
    {
        var chain = Chain(5);
        var forged = chain[2] with { Summary = "{\"n\":999}" };
        chain[2] = forged with { Hash = AuditHash.Compute(forged) };
        Assert.That(Check(chain), Is.EqualTo(new AuditVerification(false, 3, 4, "prev_hash_mismatch")));
    }

    [Test]
    public void A_deleted_entry_fails_at_the_entry_after_it()
    {
        var chain = Chain(5);
        chain.RemoveAt(2);
        Assert.That(Check(chain), Is.EqualTo(new AuditVerification(false, 2, 4, "entries_missing")));
    }

    [Test]
    public void Entries_cut_off_the_end_pass_alone_but_fail_against_an_anchor()
    {
        var chain = Chain(5);
        var anchor = new AuditAnchor(5, chain[4].Hash);
        var cut = chain.Take(3).ToList();
        Assert.That(Check(cut).Valid, Is.True, "without an anchor a shortened chain is indistinguishable");
        Assert.That(Check(cut, [anchor]), Is.EqualTo(new AuditVerification(false, 3, 4, "anchor_beyond_end")));
        Assert.That(Check(cut, head: anchor), Is.EqualTo(new AuditVerification(false, 3, 4, "head_mismatch")));
        Assert.That(Check(chain, [anchor], anchor).Valid, Is.True);
    }

    [Test]
    public void A_rewritten_chain_fails_at_an_anchor_it_no_longer_matches()
    {
        var chain = Chain(5);
        var anchor = new AuditAnchor(4, chain[3].Hash);
        // Rewrite everything from entry 2 on, consistently: only the anchor can tell.
        var prev = chain[0].Hash;
        for (var i = 1; i < chain.Count; i++)
        {
            var forged = chain[i] with { Reason = "rewritten", PrevHash = prev };
            chain[i] = forged with { Hash = AuditHash.Compute(forged) };
            prev = chain[i].Hash;
        }

        Assert.That(Check(chain).Valid, Is.True);
        Assert.That(Check(chain, [anchor]), Is.EqualTo(new AuditVerification(false, 3, 4, "anchor_mismatch")));
    }

    [Test]
    public void The_jsonl_export_round_trips_every_hashed_byte()
    {
        var chain = Chain(3);
        chain[1] = chain[1] with { Summary = "{\"maskedName\":\"王*华\",\"x\":\"a\\\"b\"}", County = null };
        var fixedUp = new List<AuditRecord>();
        var prev = AuditHash.Genesis;
        foreach (var e in chain)
        {
            var d = e with { PrevHash = prev };
            fixedUp.Add(d with { Hash = AuditHash.Compute(d) });
            prev = fixedUp[^1].Hash;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            foreach (var e in fixedUp)
            {
                AuditJsonl.Write(w, e);
                w.Flush();
                buffer.Write("\n"u8);
                w.Reset(buffer);
            }
        }

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.That(
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditJsonl.Parse),
            Is.EqualTo(fixedUp)
        );
        Assert.That(
            AuditChainCheck.VerifyJsonl(new StringReader(text), [new AuditAnchor(3, fixedUp[2].Hash)]).Valid,
            Is.True
        );
        Assert.That(
            AuditChainCheck.VerifyJsonl(new StringReader(text.Replace("\"lost\"", "\"found\"")), []).FirstBadSeq,
            Is.EqualTo(1)
        );
    }

    [Test]
    public void An_unreadable_line_fails_naming_the_line()
    {
        var result = AuditChainCheck.VerifyJsonl(new StringReader("{\"seq\":1}\n"), []);
        Assert.That(result.Valid, Is.False);
        Assert.That(result.Reason, Does.StartWith("unreadable_line:1:"));
    }

    [Test]
    public void Anchors_are_read_as_seq_colon_hash()
    {
        Assert.That(AuditAnchor.TryParse("12:" + new string('A', 64), out var anchor), Is.True);
        Assert.That(anchor, Is.EqualTo(new AuditAnchor(12, new string('a', 64))));
        Assert.That(AuditAnchor.TryParse("12:abc", out _), Is.False);
        Assert.That(AuditAnchor.TryParse("x:" + new string('a', 64), out _), Is.False);
        Assert.That(AuditAnchor.TryParse("0:" + new string('a', 64), out _), Is.False);
    }

    [Test]
    public void Every_integration_event_type_has_an_audit_consumer()
    {
        var audited = OversightModule.AuditConsumerTypes().Select(t => t.BaseType!.GetGenericArguments()[0]).ToList();
        Assert.That(audited, Is.EquivalentTo(OversightEvents.AllEventTypes()));
    }

    [Test]
    public void Summaries_leave_out_the_envelope_secrets_and_unmasked_numbers()
    {
        var face = (CardFaceBound)OversightEvents.Make(typeof(CardFaceBound), "330903");
        var replaced = (CardReplaced)OversightEvents.Make(typeof(CardReplaced), "330903");
        var classified = OversightEvents.Classified(Guid.NewGuid(), "330903", 1, 1);
        var terminal = OversightEvents.Make(typeof(LoveCard.Contracts.Whitelist.TerminalRegistered), "330903");
        var key = OversightEvents.Make(typeof(QrSigningKeyPublished), "330903");

        var faceSummary = AuditSummary.Summarise(face);
        Assert.That(
            faceSummary,
            Does.Not.Contain(face.FaceIdHash!)
                .And.Not.Contain(face.CardNumber)
                .And.Contain("\"faceBound\":true")
                .And.Contain($"\"cardNumber\":\"******{face.CardNumber[^3..]}\"")
        );
        Assert.That(
            faceSummary,
            Does.Not.Contain("aggregateId").And.Not.Contain("occurredAt").And.Not.Contain("\"actor\"")
        );
        Assert.That(
            AuditSummary.Summarise(replaced),
            Does.Not.Contain(replaced.PreviousCardNumber)
                .And.Not.Contain(replaced.CardNumber)
                .And.Contain($"\"previousCardNumber\":\"******{replaced.PreviousCardNumber[^3..]}\"")
        );
        var classifiedSummary = AuditSummary.Summarise(classified);
        Assert.That(classifiedSummary, Does.Not.Contain("S99887766").And.Contain("王*华"));
        Assert.That(AuditSummary.Summarise(terminal), Does.Not.Contain(new string('a', 64)));
        Assert.That(
            AuditSummary.Summarise(key),
            Does.Not.Contain("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE").And.Contain("publicKeySha256")
        );
        Assert.That(() => JsonDocument.Parse(classifiedSummary), Throws.Nothing);
    }

    [Test]
    public void A_purchase_belongs_to_the_home_county_and_names_the_provider_county()
    {
        var purchase = OversightEvents.Purchase(Guid.NewGuid(), "330102", "330903", "meal", 1000, 800, 150, 50, 0, T0);
        Assert.That(AuditSummary.Counties(purchase), Is.EqualTo(("330903", "330102")));
        Assert.That(
            AuditSummary.Counties(purchase with { ProviderCounty = "330903" }),
            Is.EqualTo(("330903", (string?)null))
        );
        Assert.That(
            AuditSummary.Counties(OversightEvents.Make(typeof(QrSigningKeyPublished), "330903")),
            Is.EqualTo(((string?)null, (string?)null))
        );
    }

    [TestCase("=SUM(A1)", "'=SUM(A1)")]
    [TestCase("+1", "'+1")]
    [TestCase("-1", "'-1")]
    [TestCase("@cmd", "'@cmd")]
    [TestCase("a,b", "\"a,b\"")]
    [TestCase("=a\"b", "\"'=a\"\"b\"")]
    [TestCase("plain", "plain")]
    public async Task Csv_cells_that_a_spreadsheet_would_run_are_neutralised(string value, string cell)
    {
        var table = new LoveCard.Hosting.Exports.ExportTable([new("summary", "摘要")]);
        using var output = new MemoryStream();
        await LoveCard.Hosting.Exports.CsvTableWriter.WriteAsync(
            output,
            table,
            LoveCard.Hosting.Exports.ExportHeaders.Codes,
            LoveCard.Hosting.Exports.ExportRows.From([new object?[] { value }]),
            CancellationToken.None
        );
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF').Split("\r\n");
        Assert.That(lines, Is.EqualTo(new[] { "summary", cell, "" }));
    }
}
