using System.Diagnostics;
using System.Text.Json;
using Dapper;
using LoveCard.LoadTest.Common;
using Npgsql;

namespace LoveCard.LoadTest.Roster;

/// <summary>
/// R5 (BENCHMARKS.md): a roster import through the eligibility API (stored, classified, events in
/// the outbox: until the import job reports succeeded) against PostgreSQL <c>COPY</c> of the same CSV
/// into a bare table with the same columns and the indexes a register needs, in the same run. The
/// time until cards has provisioned a card for every elder is recorded beside it.
/// </summary>
public static class ImportBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var count = args.Int("count", 20_000);
        var county = args.Get("county", "330922");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var csv = args.Get("csv", Path.Combine(Path.GetTempPath(), $"lovecard-roster-{county}-{count}.csv"));

        // --generate-only writes the CSV and stops (benchmarks/r5/run.sh times a reference on it before
        // the import); --reuse-csv then imports that same file instead of generating another.
        if (!(args.Flag("reuse-csv") && File.Exists(csv)))
        {
            var gen = Stopwatch.StartNew();
            await RosterGenerator.WriteAsync(csv, count, county, today);
            Console.Error.WriteLine(
                $"[r5] generated {count} elders ({new FileInfo(csv).Length / 1048576.0:F1} MiB) in "
                    + $"{gen.Elapsed.TotalSeconds:F1} s: {csv}"
            );
        }

        if (args.Flag("generate-only"))
        {
            return 0;
        }

        var bytes = new FileInfo(csv).Length;

        // The reference first: COPY into a bare table (same columns; the register's look-up key unique,
        // the county/village listing index), in the services' database, in the same run.
        var copy = await CopyReferenceAsync(csv, count);
        Console.Error.WriteLine(
            $"[r5] COPY reference: {count} rows in {copy.TotalSeconds:F2} s = {count / copy.TotalSeconds:F0}/s"
        );

        using var eligibility = Api.Client("eligibility", "bureau", county, subject: "bench-r5");
        var cardsDb = Api.ConnectionString();
        var cardsBefore = await CountCardsAsync(cardsDb, county);

        var watch = Stopwatch.StartNew();
        Guid importId;
        await using (var file = File.OpenRead(csv))
        {
            using var content = new StreamContent(file, 1 << 20);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            using var response = await eligibility.PostAsync($"/api/elders/imports?county={county}", content);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"import upload answered {(int)response.StatusCode}: {text}");
            }

            importId = JsonDocument.Parse(text).RootElement.GetProperty("importId").GetGuid();
        }

        var uploaded = watch.Elapsed;
        JsonElement progress;
        while (true)
        {
            progress = await Api.GetAsync(eligibility, $"/api/elders/imports/{importId}");
            var status = progress.GetProperty("status").GetString();
            if (status is "succeeded" or "failed")
            {
                break;
            }

            await Task.Delay(250);
        }

        var imported = watch.Elapsed;
        var accepted = progress.GetProperty("rowsAccepted").GetInt64();
        var rejected = progress.GetProperty("rowsRejected").GetInt64();
        Console.Error.WriteLine(
            $"[r5] API import {progress.GetProperty("status").GetString()}: {accepted} accepted, {rejected} rejected "
                + $"in {imported.TotalSeconds:F2} s = {count / imported.TotalSeconds:F0}/s"
        );

        // --cards-timeout 0: the caller waits for the cards itself (benchmarks/r5/run.sh starts cards
        // after the import, so the import runs on a machine as quiet as the references').
        var cardsTimeout = TimeSpan.FromSeconds(args.Int("cards-timeout", Math.Max(300, count / 100)));
        var waitForCards = cardsTimeout > TimeSpan.Zero;
        long cards = 0;
        TimeSpan? provisioned = null;
        while (waitForCards && watch.Elapsed < imported + cardsTimeout)
        {
            cards = await CountCardsAsync(cardsDb, county) - cardsBefore;
            if (cards >= accepted)
            {
                provisioned = watch.Elapsed;
                break;
            }

            await Task.Delay(500);
        }

        if (waitForCards)
        {
            Console.Error.WriteLine(
                provisioned is { } p
                    ? $"[r5] every card provisioned after {p.TotalSeconds:F2} s"
                    : $"[r5] only {cards} of {accepted} cards provisioned after {watch.Elapsed.TotalSeconds:F0} s"
            );
        }

        var ratio = imported.TotalSeconds / copy.TotalSeconds;
        await Results.WriteAsync(
            args,
            new
            {
                id = "R5",
                elders = count,
                csvBytes = bytes,
                import = new
                {
                    status = progress.GetProperty("status").GetString(),
                    accepted,
                    rejected,
                    uploadSeconds = Math.Round(uploaded.TotalSeconds, 3),
                    seconds = Math.Round(imported.TotalSeconds, 3),
                    eldersPerSecond = Math.Round(count / imported.TotalSeconds, 1),
                },
                reference = new
                {
                    name = "COPY … FROM STDIN (csv) into a bare table, unique id_number + (home_county, village_code) "
                        + "index",
                    seconds = Math.Round(copy.TotalSeconds, 3),
                    rowsPerSecond = Math.Round(count / copy.TotalSeconds, 1),
                },
                ratio = Math.Round(ratio, 3),
                goal = "<= 3",
                pass = ratio <= 3,
                cardsProvisionedSeconds = provisioned is { } q ? Math.Round(q.TotalSeconds, 3) : (double?)null,
                cardsProvisioned = cards,
            }
        );

        if (progress.GetProperty("status").GetString() != "succeeded" || accepted != count || rejected != 0)
        {
            Console.Error.WriteLine(
                $"[r5] CHECK FAILED: every generated row is valid, yet the import accepted {accepted} of {count}"
            );
            return 3;
        }

        if (waitForCards && provisioned is null)
        {
            Console.Error.WriteLine(
                "[r5] CHECK FAILED: not every accepted elder got a card (read model does not equal its source)"
            );
            return 3;
        }

        if (!args.Flag("keep-csv"))
        {
            File.Delete(csv);
        }

        return 0;
    }

    private static async Task<TimeSpan> CopyReferenceAsync(string csv, long count)
    {
        await using var connection = new NpgsqlConnection(Api.ConnectionString());
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """
            CREATE SCHEMA IF NOT EXISTS bench_r5;
            DROP TABLE IF EXISTS bench_r5.roster_copy;
            CREATE TABLE bench_r5.roster_copy (
                id_number text PRIMARY KEY, name text NOT NULL, hukou_province text, home_county text NOT NULL,
                village_code text NOT NULL, phone text, hardship text, ability_score integer, assessment_date date,
                dementia boolean, special_situations text);
            CREATE INDEX roster_copy_county_village ON bench_r5.roster_copy (home_county, village_code, id_number);
            """
        );
        var watch = Stopwatch.StartNew();
        await using (
            var writer = await connection.BeginTextImportAsync(
                "COPY bench_r5.roster_copy FROM STDIN (FORMAT csv, HEADER true)"
            )
        )
        {
            using var reader = new StreamReader(csv);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                await writer.WriteAsync(buffer, 0, read);
            }
        }

        var elapsed = watch.Elapsed;
        var rows = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM bench_r5.roster_copy");
        if (rows != count)
        {
            throw new InvalidOperationException($"COPY loaded {rows} rows, expected {count}");
        }

        await connection.ExecuteAsync("DROP SCHEMA bench_r5 CASCADE");
        return elapsed;
    }

    private static async Task<long> CountCardsAsync(string connectionString, string county)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM cards.cards WHERE home_county = @county",
            new { county }
        );
    }
}
