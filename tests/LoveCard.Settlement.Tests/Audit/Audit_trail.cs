using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Jobs;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Oversight.Audit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoveCard.Settlement.Tests.Audit;

/// <summary>
/// The audit trail end to end: events published on the real broker, recorded by the settlement
/// service in the real database, verified, tampered with (the append-only trigger disabled the way
/// a superuser could), exported and checked offline.
/// </summary>
public sealed class Audit_trail
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    private ServiceHost _host = null!;
    private IBus _bus = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _host = await OversightHost.StartAsync();
        _bus = _host.Services.GetRequiredService<IBus>();
    }

    [OneTimeTearDown]
    public async Task StopService() => await _host.DisposeAsync();

    [Test]
    public async Task Records_a_burst_of_concurrent_events_of_every_type_in_one_valid_chain()
    {
        var county = OversightEvents.NewCounty();
        var types = OversightEvents.AllEventTypes();
        var events = Enumerable
            .Range(0, 200)
            .Select(i => (Id: Guid.NewGuid(), Event: OversightEvents.Make(types[i % types.Count], county)))
            .ToList();

        await Task.WhenAll(events.Select(e => OversightEvents.PublishAsync(_bus, e.Event, e.Id)));

        var ids = events.Select(e => e.Id).ToArray();
        await Eventually.AssertAsync(
            async () => await CountAsync(ids) == 200,
            TimeSpan.FromSeconds(90),
            () => $"recorded {CountAsync(ids).Result} of 200"
        );
        var recorded = await RowsAsync(ids);
        Assert.That(
            recorded.Select(r => r.EventType).Distinct(),
            Is.EquivalentTo(types.Select(t => t.Name)),
            "every event type is in the trail"
        );
        Assert.That(recorded.Select(r => r.ActorId), Has.Some.EqualTo(OversightEvents.Clerk.Id));
        var verdict = await VerifyAsync();
        Assert.That(verdict.Valid, Is.True, $"chain broken at {verdict.FirstBadSeq}: {verdict.Reason}");
        Assert.That(verdict.Checked, Is.GreaterThanOrEqualTo(200));
    }

    [Test]
    public async Task Records_a_redelivered_event_once()
    {
        var county = OversightEvents.NewCounty();
        var id = Guid.NewGuid();
        var registered = OversightEvents.Make(typeof(ElderRegistered), county);
        await OversightEvents.PublishAsync(_bus, registered, id);
        await OversightEvents.PublishAsync(_bus, registered, id);
        // The same queue handles one message at a time in order: once the sentinel is in, the duplicate was seen.
        var sentinel = Guid.NewGuid();
        await OversightEvents.PublishAsync(_bus, OversightEvents.Make(typeof(ElderRegistered), county), sentinel);

        await Eventually.AssertAsync(async () => await CountAsync([id, sentinel]) == 2);
        await Task.Delay(300);
        Assert.That(await CountAsync([id]), Is.EqualTo(1));
        Assert.That(
            await ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE county = @county", new { county }),
            Is.EqualTo(2)
        );
    }

    [Test]
    public async Task Refuses_updates_and_deletes_of_audit_rows_in_the_database()
    {
        var seqs = await RecordAsync(OversightEvents.NewCounty(), 1);
        await using var connection = await Database.OpenAsync(_host.Schema);
        var update = Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("UPDATE audit_entries SET reason = 'x' WHERE seq = @seq", new { seq = seqs[0] })
        );
        var delete = Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync("DELETE FROM audit_entries WHERE seq = @seq", new { seq = seqs[0] })
        );
        Assert.That(update!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
        Assert.That(delete!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
    }

    [Test]
    public async Task Altering_one_rows_summary_fails_verification_at_that_row()
    {
        var seqs = await RecordAsync(OversightEvents.NewCounty(), 3);
        var target = seqs[1];
        await using var chainLock = await ChainLock.TakeAsync(_host.Schema);
        await using var tamper = await Database.OpenAsync(_host.Schema);
        var original = await tamper.ExecuteScalarAsync<string>(
            "SELECT summary FROM audit_entries WHERE seq = @target",
            new { target }
        );
        try
        {
            await WithoutTriggerAsync(
                tamper,
                "UPDATE audit_entries SET summary = '{\"status\":\"active\"}' WHERE seq = @target",
                new { target }
            );

            var verdict = await VerifyAsync();
            Assert.That(verdict, Is.EqualTo(new AuditVerification(false, target - 1, target, "hash_mismatch")));
        }
        finally
        {
            await WithoutTriggerAsync(
                tamper,
                "UPDATE audit_entries SET summary = @original WHERE seq = @target",
                new { original, target }
            );
        }

        Assert.That((await VerifyAsync()).Valid, Is.True, "restored");
    }

    [Test]
    public async Task Deleting_a_middle_row_fails_verification_at_the_next_row()
    {
        var seqs = await RecordAsync(OversightEvents.NewCounty(), 3);
        var target = seqs[1];
        await using var chainLock = await ChainLock.TakeAsync(_host.Schema);
        await using var tamper = await Database.OpenAsync(_host.Schema);
        await tamper.ExecuteAsync(
            "DROP TABLE IF EXISTS saved_entries; CREATE TEMP TABLE saved_entries AS SELECT * FROM audit_entries WHERE "
                + "seq = @target",
            new { target }
        );
        try
        {
            await WithoutTriggerAsync(tamper, "DELETE FROM audit_entries WHERE seq = @target", new { target });

            var verdict = await VerifyAsync();
            Assert.That(verdict, Is.EqualTo(new AuditVerification(false, target - 1, target + 1, "entries_missing")));
        }
        finally
        {
            await tamper.ExecuteAsync("INSERT INTO audit_entries SELECT * FROM saved_entries ON CONFLICT DO NOTHING");
        }

        Assert.That((await VerifyAsync()).Valid, Is.True, "restored");
    }

    [Test]
    public async Task Cutting_the_last_rows_off_is_detected_against_the_published_anchor()
    {
        await RecordAsync(OversightEvents.NewCounty(), 3);
        await using var chainLock = await ChainLock.TakeAsync(_host.Schema);
        var head = chainLock.Head;
        Assert.That(
            await _host
                .Services.GetRequiredService<JobRunner>()
                .RunNowAsync(AuditAnchorJob.JobName, CancellationToken.None),
            Is.True
        );

        using var anonymous = _host.CreateClient();
        var anchors = await anonymous.GetFromJsonAsync<Paged<AuditAnchorRow>>(
            "/api/public/audit-anchors?pageSize=5",
            Json
        );
        Assert.That(
            anchors!.Items,
            Has.Some.Matches<AuditAnchorRow>(a => a.Seq == head.Seq && a.Hash == head.Hash),
            "the head is published"
        );

        await using var tamper = await Database.OpenAsync(_host.Schema);
        await tamper.ExecuteAsync(
            "DROP TABLE IF EXISTS saved_entries; CREATE TEMP TABLE saved_entries AS SELECT * FROM audit_entries WHERE "
                + "seq > @cut",
            new { cut = head.Seq - 2 }
        );
        try
        {
            // Cut the last two entries. (The head row would tell too, but whoever can disable the
            // trigger can rewind it: the published anchor is what they cannot reach.)
            await WithoutTriggerAsync(tamper, "DELETE FROM audit_entries WHERE seq > @cut", new { cut = head.Seq - 2 });

            var verdict = await VerifyAsync();
            Assert.That(
                verdict,
                Is.EqualTo(new AuditVerification(false, head.Seq - 2, head.Seq - 1, "anchor_beyond_end"))
            );

            var exported = await ExportJsonlAsync();
            Assert.That(
                AuditChainCheck.VerifyJsonl(new StringReader(exported), []).Valid,
                Is.True,
                "alone, the shortened chain looks whole"
            );
            Assert.That(
                AuditChainCheck.VerifyJsonl(new StringReader(exported), [new AuditAnchor(head.Seq, head.Hash)]),
                Is.EqualTo(new AuditVerification(false, head.Seq - 2, head.Seq - 1, "anchor_beyond_end"))
            );
        }
        finally
        {
            await tamper.ExecuteAsync("INSERT INTO audit_entries SELECT * FROM saved_entries ON CONFLICT DO NOTHING");
        }

        Assert.That((await VerifyAsync()).Valid, Is.True, "restored");
    }

    [Test]
    public async Task The_exported_chain_verified_offline_agrees_with_the_service()
    {
        var county = OversightEvents.NewCounty();
        var formula = OversightEvents.Make(typeof(FundLow), county, reason: "=HYPERLINK(\"http://evil\")");
        var id = Guid.NewGuid();
        await OversightEvents.PublishAsync(_bus, formula, id);
        await Eventually.AssertAsync(async () => await CountAsync([id]) == 1);

        await using var chainLock = await ChainLock.TakeAsync(_host.Schema);
        var service = await VerifyAsync();
        var offline = AuditChainCheck.VerifyJsonl(
            new StringReader(await ExportJsonlAsync()),
            [new AuditAnchor(chainLock.Head.Seq, chainLock.Head.Hash)]
        );
        Assert.That(offline, Is.EqualTo(service));
        Assert.That(offline.Valid, Is.True);
        Assert.That(offline.Checked, Is.EqualTo(chainLock.Head.Seq));

        using var auditor = _host.CreateClient(Roles.Auditor);
        var csv = await auditor.GetStringAsync("/api/audit/export?format=csv&headers=codes");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("seq,message_id,event_type"));
        Assert.That(lines, Has.Length.EqualTo(chainLock.Head.Seq + 1));
        Assert.That(
            lines.Single(l => l.Contains(id.ToString())),
            Does.Contain(",\"'=HYPERLINK(\"\"http://evil\"\")\",")
        );
        var people = await auditor.GetStringAsync("/api/audit/export?format=csv");
        Assert.That(people.TrimStart('\uFEFF'), Does.StartWith("序号,消息编号,事件类型,对象编号"));
        Assert.That(
            people.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries),
            Has.Length.EqualTo(lines.Length)
        );
    }

    [Test]
    public async Task Anonymous_callers_get_401_for_the_audit_trail()
    {
        using var anonymous = _host.CreateClient();
        foreach (var path in new[] { "/api/audit", "/api/audit/verify", "/api/audit/export?format=jsonl" })
        {
            Assert.That((await anonymous.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        }
    }

    [Test]
    public async Task A_bureau_of_another_county_gets_403_and_providers_and_county_auditors_may_not_export()
    {
        var county = OversightEvents.NewCounty();
        using var other = _host.CreateClient(Roles.Bureau, county: OversightEvents.NewCounty());
        var response = await other.GetAsync($"/api/audit?county={county}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"code\":\"forbidden\""));

        using var provider = _host.CreateClient(Roles.Provider, provider: Guid.NewGuid());
        Assert.That((await provider.GetAsync("/api/audit")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var countyAuditor = _host.CreateClient(Roles.Auditor, county: county);
        Assert.That(
            (await countyAuditor.GetAsync("/api/audit/export?format=jsonl")).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
    }

    [Test]
    public async Task A_bureau_sees_its_own_countys_entries_including_reversals_and_purchases_of_its_elders_elsewhere()
    {
        var home = OversightEvents.NewCounty();
        var providerCounty = OversightEvents.NewCounty();
        var purchaseId = Guid.NewGuid();
        var settled = OversightEvents.Purchase(
            purchaseId,
            providerCounty,
            home,
            "meal",
            1000,
            800,
            150,
            50,
            0,
            DateTimeOffset.UtcNow
        );
        var settledId = Guid.NewGuid();
        await OversightEvents.PublishAsync(_bus, settled, settledId);
        await Eventually.AssertAsync(async () => await CountAsync([settledId]) == 1);
        var reversedId = Guid.NewGuid();
        await OversightEvents.PublishAsync(
            _bus,
            OversightEvents.Reversal(purchaseId, 1000, 800, 150, 50, 0, DateTimeOffset.UtcNow),
            reversedId
        );
        await Eventually.AssertAsync(async () => await CountAsync([reversedId]) == 1);

        using var bureau = _host.CreateClient(Roles.Bureau, county: providerCounty);
        var page = await bureau.GetFromJsonAsync<Paged<AuditEntryView>>("/api/audit?pageSize=10", Json);
        Assert.That(page!.Total, Is.EqualTo(2), "the provider county sees the purchase and its reversal");
        Assert.That(
            page.Items.Select(e => e.EventType),
            Is.EqualTo(new[] { nameof(PurchaseReversed), nameof(PurchaseSettled) }),
            "newest first"
        );
        Assert.That(
            page.Items.Select(e => e.County),
            Is.All.EqualTo(home),
            "the reversal inherits the purchase's counties"
        );
        Assert.That(page.Items[1].Summary.GetProperty("item").GetString(), Is.EqualTo("meal"));

        using var province = _host.CreateClient(Roles.Province);
        var filtered = await province.GetFromJsonAsync<Paged<AuditEntryView>>(
            $"/api/audit?county={home}&type=PurchaseReversed&aggregateId={purchaseId}",
            Json
        );
        Assert.That(filtered!.Items.Select(e => e.MessageId), Is.EqualTo(new[] { reversedId }));
        Assert.That(filtered.Items[0].ActorKind, Is.EqualTo(ActorKinds.Terminal));
    }

    [TestCase("/api/audit?page=0", "page", "invalid_page")]
    [TestCase("/api/audit?from=yesterday", "from", "invalid_instant")]
    [TestCase("/api/audit?county=33", "county", "invalid_county")]
    [TestCase("/api/audit/export?format=xml", "format", "invalid_format")]
    [TestCase("/api/audit/verify?anchor=12", "anchor", "invalid_anchor")]
    public async Task Bad_query_parameters_get_a_problem_naming_the_field(string path, string field, string code)
    {
        using var province = _host.CreateClient(Roles.Province);
        var response = await province.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo(field));
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo(code));
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        using var auditor = _host.CreateClient(Roles.Auditor);
        return (await auditor.GetFromJsonAsync<AuditVerification>("/api/audit/verify", Json))!;
    }

    private async Task<string> ExportJsonlAsync()
    {
        using var province = _host.CreateClient(Roles.Province);
        var response = await province.GetAsync("/api/audit/export?format=jsonl");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Publishes <paramref name="n"/> events of <paramref name="county"/>, waits for them, returns their
    /// seqs.</summary>
    private async Task<long[]> RecordAsync(string county, int n)
    {
        var ids = new List<Guid>();
        foreach (
            var type in new[]
            {
                typeof(CountySettingsChanged),
                typeof(ElderRegistered),
                typeof(AnomalyRaised),
                typeof(PeriodClosed),
            }.Take(n)
        )
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            await OversightEvents.PublishAsync(_bus, OversightEvents.Make(type, county), id);
        }

        await Eventually.AssertAsync(async () => await CountAsync([.. ids]) == n);
        return (await RowsAsync([.. ids])).Select(r => r.Seq).ToArray();
    }

    private Task<long> CountAsync(Guid[] ids) =>
        ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE message_id = ANY(@ids)", new { ids });

    private async Task<List<(long Seq, string EventType, string ActorId)>> RowsAsync(Guid[] ids)
    {
        await using var connection = await Database.OpenAsync(_host.Schema);
        return (
            await connection.QueryAsync<(long, string, string)>(
                "SELECT seq, event_type, actor_id FROM audit_entries WHERE message_id = ANY(@ids) ORDER BY seq",
                new { ids }
            )
        ).ToList();
    }

    private Task<T> ScalarAsync<T>(string sql, object args) => Database.ScalarAsync<T>(_host.Schema, sql, args);

    /// <summary>Tampers the way a superuser could: with the append-only trigger switched off for the
    /// statement.</summary>
    private static async Task WithoutTriggerAsync(NpgsqlConnection connection, string sql, object args)
    {
        await connection.ExecuteAsync("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only");
        try
        {
            await connection.ExecuteAsync(sql, args);
        }
        finally
        {
            await connection.ExecuteAsync("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only");
        }
    }

    /// <summary>
    /// Holds the chain-head lock, as an appending consumer would, so no event is appended while a
    /// test tampers and verifies (other tests' late events wait, then append to the restored chain).
    /// </summary>
    private sealed class ChainLock : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;

        private ChainLock(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditAnchor head)
        {
            _connection = connection;
            _transaction = transaction;
            Head = head;
        }

        public AuditAnchor Head { get; }

        public static async Task<ChainLock> TakeAsync(string schema)
        {
            var connection = await Database.OpenAsync(schema);
            var transaction = await connection.BeginTransactionAsync();
            var head = await connection.QuerySingleAsync<(long Seq, string Hash)>(
                "SELECT seq, hash FROM audit_chain_head WHERE id FOR UPDATE",
                transaction: transaction
            );
            return new ChainLock(connection, transaction, new AuditAnchor(head.Seq, head.Hash));
        }

        public async ValueTask DisposeAsync()
        {
            await _transaction.CommitAsync();
            await _connection.DisposeAsync();
        }
    }
}
