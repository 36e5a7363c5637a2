using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Settlement;
using LoveCard.Settlement.Statements;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// R6 (BENCHMARKS.md): month statements for every provider of a county with 1,000,000 purchases,
// through the back office's StatementStore, against one SQL GROUP BY over the same rows, same run.
// The data is generated with generate_series into a scratch schema of a scratch database.
var purchases = int.Parse(
    Environment.GetEnvironmentVariable("R6_PURCHASES") ?? "1000000",
    CultureInfo.InvariantCulture
);
var providers = int.Parse(Environment.GetEnvironmentVariable("R6_PROVIDERS") ?? "200", CultureInfo.InvariantCulture);
var rounds = int.Parse(Environment.GetEnvironmentVariable("R6_ROUNDS") ?? "5", CultureInfo.InvariantCulture);
var server = Environment.GetEnvironmentVariable("R6_PG")
    ?? "Host=127.0.0.1;Port=5432;Username=lovecard;Password=lovecard-dev";
var output = Environment.GetEnvironmentVariable("R6_OUTPUT") ?? Path.Combine(AppContext.BaseDirectory, "r6.json");
const string Database = "lovecard_bench_r6";
const string Schema = "bench_r6";
const string County = "339999";
const string Period = "2026-03";

await using (var admin = new NpgsqlConnection(server + ";Database=postgres"))
{
    await admin.OpenAsync();
    if (
        await admin.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM pg_database WHERE datname = @Database",
            new { Database }
        ) == 0
    )
    {
        await admin.ExecuteAsync($"CREATE DATABASE {Database}");
    }
}

var configuration = new ConfigurationBuilder()
    .AddInMemoryCollection(
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = server + $";Database={Database}",
            ["Database:Schema"] = Schema,
        }
    )
    .Build();
var services = new ServiceCollection();
var options = services.AddLoveCardDatabase(configuration, SettlementApp.Definition);
services.AddSingleton<TimeProvider>(TimeProvider.System);
services.AddSingleton<StatementStore>();
await using var provider = services.BuildServiceProvider();
var dataSource = provider.GetRequiredService<NpgsqlDataSource>();

await using (var connection = await dataSource.OpenConnectionAsync())
{
    await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE; CREATE SCHEMA {Schema};");
}

await new Migrator(dataSource, options, SettlementApp.Definition, NullLogger<Migrator>.Instance).MigrateAsync(
    CancellationToken.None
);

var generate = Stopwatch.StartNew();
await using (var connection = await dataSource.OpenConnectionAsync())
{
    // A month (Asia/Shanghai) of purchases spread evenly, 1 % of them refunded within the month
    // (every 101st: 101 and the 200 providers have no common divisor, so every provider has refunds).
    const string sql = """
        INSERT INTO purchases (purchase_id, receipt_no, terminal_id, provider_id, provider_county, idempotency_key, status, credential_type,
            card_id, elder_id, masked_name, category, home_county, village_code, item, quantity, list_price_fen, price_fen,
            fiscal_fen, collective_fen, charity_fen, family_fen, policy_version, cap_month, occurred_at, booked_at, booked_day)
        SELECT md5('pu' || g)::uuid, 'R' || g, 'T' || (g % @Providers), md5('pr' || (g % @Providers))::uuid, @County, 'k' || g, 'approved', 'card',
               md5('ca' || (g % 50000))::uuid, md5('el' || (g % 50000))::uuid, '王*华', 1, @County, @County || lpad((g % 40)::text, 3, '0'),
               (ARRAY['meal', 'bath', 'cleaning', 'medical'])[g % 4 + 1], 1, 1000 + g % 1000, 1000 + g % 1000,
               (1000 + g % 1000) * 80 / 100, (1000 + g % 1000) * 15 / 100, (1000 + g % 1000) * 5 / 100,
               (1000 + g % 1000) - (1000 + g % 1000) * 80 / 100 - (1000 + g % 1000) * 15 / 100 - (1000 + g % 1000) * 5 / 100,
               1, DATE '2026-03-01', t, t, (t AT TIME ZONE 'UTC' + interval '8 hours')::date
          FROM generate_series(0, @Purchases - 1) AS g,
               LATERAL (SELECT timestamptz '2026-02-28 16:00:00+00' + make_interval(secs => g * (2678400.0 / @Purchases))) AS x (t);
        INSERT INTO reversals (reversal_id, purchase_id, kind, amount_fen, fiscal_fen, collective_fen, charity_fen, family_fen, reason, terminal_id,
            booked_at, booked_day, provider_id, provider_county, elder_id, home_county, item, quantity_back)
        SELECT md5('re' || g)::uuid, p.purchase_id, 'refund', 100, 80, 15, 5, 0, 'bench', p.terminal_id, t, (t AT TIME ZONE 'UTC' + interval '8 hours')::date,
               p.provider_id, p.provider_county, p.elder_id, p.home_county, p.item, 0
          FROM generate_series(7, @Purchases - 1, 101) AS g
          JOIN purchases p ON p.purchase_id = md5('pu' || g)::uuid,
               LATERAL (SELECT timestamptz '2026-02-28 16:00:00+00' + make_interval(secs => g * (2678400.0 / @Purchases) + 60)) AS x (t)
         WHERE t < timestamptz '2026-03-31 16:00:00+00';
        """;
    await connection.ExecuteAsync(
        new CommandDefinition(
            sql,
            new
            {
                Providers = providers,
                Purchases = purchases,
                County,
            },
            commandTimeout: 1800
        )
    );
    // What autovacuum does to an insert-only table after a while (autovacuum_vacuum_insert_threshold):
    // statistics, and the visibility map that lets the covering indexes answer without the heap.
    // Both sides of the comparison run on the same vacuumed tables. VACUUM cannot run in a batch.
    await connection.ExecuteAsync(new CommandDefinition("VACUUM (ANALYZE) purchases", commandTimeout: 1800));
    await connection.ExecuteAsync(new CommandDefinition("VACUUM (ANALYZE) reversals", commandTimeout: 1800));
}

generate.Stop();
var window = StatementPeriod.Month(Period, "period");
List<Guid> providerIds;
await using (var connection = await dataSource.OpenConnectionAsync())
{
    providerIds = (
        await connection.QueryAsync<Guid>(
            "SELECT DISTINCT provider_id FROM purchases WHERE provider_county = @County",
            new { County }
        )
    ).AsList();
}

// The reference: one GROUP BY giving every provider's totals per item and source for the month.
const string groupBy = """
    SELECT provider_id, item, count(*) AS lines, sum(price_fen) AS amount_fen, sum(fiscal_fen) AS fiscal_fen, sum(collective_fen) AS collective_fen,
           sum(charity_fen) AS charity_fen, sum(family_fen) AS family_fen
      FROM purchases
     WHERE provider_county = @County AND status IN ('approved', 'voided') AND booked_at >= @From AND booked_at < @To
     GROUP BY provider_id, item
    """;

async Task<(double Ms, long Check)> ReferenceAsync()
{
    var watch = Stopwatch.StartNew();
    await using var connection = await dataSource.OpenConnectionAsync();
    var rows = (
        await connection.QueryAsync<(Guid, string, long, long, long, long, long, long)>(
            groupBy,
            new
            {
                County,
                From = window.From.UtcDateTime,
                To = window.To.UtcDateTime,
            }
        )
    ).AsList();
    return (watch.Elapsed.TotalMilliseconds, rows.Sum(r => r.Item4));
}

var store = provider.GetRequiredService<StatementStore>();

// Ours (R6): every provider's month statement totals, per source and per item, for the county, as
// GET /api/statements/counties/{county} answers them: the same lines (purchases, voids, refunds,
// corrections) the per-provider statements list.
async Task<(double Ms, long Check)> CountyAsync()
{
    var watch = Stopwatch.StartNew();
    var summary = await store.CountySummaryAsync(County, window, CancellationToken.None);
    return (watch.Elapsed.TotalMilliseconds, summary.Sum(p => p.Totals.AmountFen));
}

// Each provider's own month statement as the API answers it (first page of lines, totals over all
// pages per source and per item), one provider after another.
async Task<(double Ms, long Check)> StatementsAsync()
{
    var watch = Stopwatch.StartNew();
    long check = 0;
    foreach (var id in providerIds)
    {
        var (_, totals, _) = await store.PageAsync(
            StatementSubject.Provider,
            id,
            window,
            0,
            50,
            CancellationToken.None
        );
        check += totals.AmountFen;
    }

    return (watch.Elapsed.TotalMilliseconds, check);
}

// The full CSV download of every provider's month (every line, formula-neutralised), written to nowhere.
async Task<(double Ms, long Check)> CsvAsync()
{
    var watch = Stopwatch.StartNew();
    long bytes = 0;
    foreach (var id in providerIds)
    {
        var (connection, reader) = await store.OpenExportAsync(
            StatementSubject.Provider,
            id,
            window,
            CancellationToken.None
        );
        await using (connection)
        await using (reader)
        {
            var counter = new CountingStream();
            await SpreadsheetExport.WriteCsvAsync(
                counter,
                reader,
                StatementStore.ExportHeaders,
                CancellationToken.None
            );
            bytes += counter.Length;
        }
    }

    return (watch.Elapsed.TotalMilliseconds, bytes);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}

// Warm every path once (caches, prepared statements), then alternate the rounds.
await ReferenceAsync();
await CountyAsync();
await StatementsAsync();
var reference = new List<double>();
var county = new List<double>();
var ours = new List<double>();
long referenceCheck = 0,
    countyCheck = 0,
    oursCheck = 0;
for (var round = 0; round < rounds; round++)
{
    var r = await ReferenceAsync();
    var k = await CountyAsync();
    var s = await StatementsAsync();
    reference.Add(r.Ms);
    county.Add(k.Ms);
    ours.Add(s.Ms);
    (referenceCheck, countyCheck, oursCheck) = (r.Check, k.Check, s.Check);
}

// For the record only (one round: 200 full downloads one after another take half a minute on 2 cores).
var (csvMs, csvBytes) = await CsvAsync();
var csv = new List<double> { csvMs };

long refunds;
await using (var connection = await dataSource.OpenConnectionAsync())
{
    refunds = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM reversals");
}

var refundTotal = 100L * refunds; // every generated refund is 100 fen
var result = new
{
    id = "R6",
    what = "month statement totals per source and item for every provider of a county, through StatementStore.CountySummaryAsync",
    reference = "one SQL GROUP BY provider_id, item over the same purchases",
    purchases,
    providers = providerIds.Count,
    refunds,
    period = Period,
    generateSeconds = Math.Round(generate.Elapsed.TotalSeconds, 1),
    rounds,
    referenceMs = Math.Round(Median(reference), 1),
    countySummaryMs = Math.Round(Median(county), 1),
    ratio = Math.Round(Median(county) / Median(reference), 2),
    perProviderStatementsMs = Math.Round(Median(ours), 1),
    perProviderRatio = Math.Round(Median(ours) / Median(reference), 2),
    csvAllProvidersMs = Math.Round(Median(csv), 1),
    csvRatio = Math.Round(Median(csv) / Median(reference), 2),
    csvBytes,
    goal = "<= 2x",
    totalsAgree = countyCheck == referenceCheck - refundTotal && oursCheck == countyCheck,
    machine = $"{Environment.ProcessorCount} cores",
    at = DateTimeOffset.UtcNow,
};
if (Environment.GetEnvironmentVariable("R6_KEEP") != "1")
{
    // A million purchases take ~0.5 GB of a shared disk; R6_KEEP=1 keeps them for a look with psql.
    await using var connection = await dataSource.OpenConnectionAsync();
    await connection.ExecuteAsync($"DROP SCHEMA {Schema} CASCADE");
}

var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true });
await File.WriteAllTextAsync(output, json);
Console.WriteLine(json);
Console.WriteLine();
Console.WriteLine("| figure | ms |");
Console.WriteLine("| --- | --- |");
Console.WriteLine($"| reference GROUP BY (median of {rounds}) | {result.referenceMs} |");
Console.WriteLine($"| county summary: statement totals of {result.providers} providers | {result.countySummaryMs} |");
Console.WriteLine(
    $"| {result.providers} per-provider statements (page 1 + totals), one after another (median of {rounds}) | {result.perProviderStatementsMs} |"
);
Console.WriteLine($"| {result.providers} per-provider CSV downloads (every line) | {result.csvAllProvidersMs} |");
Console.WriteLine(
    $"R6 ratio (county summary / GROUP BY): {result.ratio} (goal <= 2); per-provider: {result.perProviderRatio}; CSV: {result.csvRatio}; totals agree: {result.totalsAgree}"
);

/// <summary>A write-only stream that only counts, standing in for the HTTP response.</summary>
internal sealed class CountingStream : Stream
{
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => _length += count;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _length += buffer.Length;
        return ValueTask.CompletedTask;
    }
}
