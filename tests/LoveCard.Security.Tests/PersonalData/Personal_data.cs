using System.Net.Http.Json;
using System.Text;
using Dapper;
using LoveCard.Hosting.Auth;

namespace LoveCard.Security.Tests.PersonalData;

/// <summary>
/// DOMAIN.md §6 and ARCHITECTURE.md "Personal data": ID numbers, names and face ids never reach a
/// log; every unmasked read is itself recorded (who, whose, why); ID numbers (the elder's and an
/// agent's) are encrypted at rest.
/// </summary>
public sealed class Personal_data
{
    /// <summary>
    /// The flow the brief asks for: import elders with known ID numbers and names (World), consent by
    /// an agent with an ID, bind a face, then read the records every way the APIs offer, including a
    /// rejected roster row carrying an ID number and an unmasked read.
    /// </summary>
    private static async Task<World> RunRealisticFlowAsync()
    {
        var world = await World.GetAsync();
        foreach (var party in new[] { world.A, world.B })
        {
            using var eligibility = World.Bureau("eligibility", party.County);
            await World.ReadAsync(await eligibility.GetAsync($"/api/elders/{party.ElderId}"), 200);
            await World.ReadAsync(await eligibility.GetAsync($"/api/elders/{party.ElderId}?purpose=case_review"), 200);
            await World.ReadAsync(await eligibility.GetAsync($"/api/elders?county={party.County}"), 200);
            await World.TextAsync(
                await eligibility.GetAsync($"/api/counties/{party.County}/visiting-care?format=csv"),
                200
            );
            using var cards = World.Bureau("cards", party.County);
            await World.ReadAsync(await cards.GetAsync($"/api/cards/{party.CardId}"), 200);
            await World.ReadAsync(await cards.GetAsync($"/api/cards/{party.CardId}/history"), 200);
            // Binding the same face again, and another card's face: a 409 path that must not log the face id either.
            await cards.PutAsJsonAsync($"/api/cards/{party.CardId}/face", new { faceId = party.FaceId });
            await cards.PutAsJsonAsync(
                $"/api/cards/{(party == world.A ? world.B : world.A).CardId}/face",
                new { faceId = party.FaceId }
            );
            using var elder = Services.Cards.CreateClient(Roles.Elder, elder: party.ElderId);
            await elder.PostAsync($"/api/cards/{party.CardId}/qr-codes", null);
        }

        // A roster whose rows are rejected (bad check digit, a duplicate): the error report and the
        // worker's logs must not carry the ID numbers or names.
        using var bureau = World.Bureau("eligibility", world.A.County);
        var bad = world.A.ElderIdNumber[..17] + (world.A.ElderIdNumber[17] == '0' ? '1' : '0');
        var csv =
            "id_number,name,hukou_province,home_county,village_code\n"
            + $"{bad},{world.A.ElderName},33,{world.A.County},{world.A.Village}\n"
            + $"{world.B.ElderIdNumber},{world.B.ElderName},33,{world.A.County},{world.A.Village}\n";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var importId = (
            await World.ReadAsync(await bureau.PostAsync($"/api/elders/imports?county={world.A.County}", content), 202)
        )["importId"]!.GetValue<Guid>();
        await Eventually.AssertAsync(async () =>
            (await World.ReadAsync(await bureau.GetAsync($"/api/elders/imports/{importId}"), 200))[
                "status"
            ]!.GetValue<string>()
                is "succeeded"
                    or "failed"
        );
        await World.TextAsync(await bureau.GetAsync($"/api/elders/imports/{importId}/errors?format=csv"), 200);
        return world;
    }

    private static IEnumerable<(string What, string Value)> Secrets(World world) =>
        new[] { world.A, world.B }.SelectMany(p =>
            new[]
            {
                ("elder ID number", p.ElderIdNumber),
                ("elder name", p.ElderName),
                ("agent ID number", p.AgentIdNumber),
                ("agent name", p.AgentName),
                ("face id", p.FaceId),
            }
        );

    [Test]
    public async Task Never_reaches_a_log_line_its_scopes_or_exceptions()
    {
        var world = await RunRealisticFlowAsync();
        // Let the consumers (cards provisioning, settlement read models, audit trail) log what they log.
        await Task.Delay(1000);
        var entries = Services.Logs.Entries;
        var leaks = (
            from entry in entries
            from secret in Secrets(world)
            where entry.Text.Contains(secret.Value, StringComparison.Ordinal)
            select $"{entry.Service} {entry.Category} [{entry.Level}] has the {secret.What}: "
                + $"{entry.Text[..Math.Min(entry.Text.Length, 400)]}"
        ).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(
                entries.Select(e => e.Service).Distinct(),
                Is.EquivalentTo(Services.ByName.Keys),
                "the capturing provider saw every service's logs"
            );
            Assert.That(entries, Has.Count.GreaterThan(20), "the flow produced log lines to scan");
            Assert.That(leaks, Is.Empty);
        });
    }

    [Test]
    public async Task Is_answered_masked_and_every_unmasked_read_is_recorded()
    {
        var world = await World.GetAsync();
        var elder = world.A.ElderId;
        const string subject = "bureau-case-worker-7";
        using var bureau = Services.Eligibility.CreateClient(Roles.Bureau, world.A.County, subject: subject);
        long Reads(System.Data.IDbConnection c) =>
            c.ExecuteScalar<long>(
                "SELECT count(*) FROM personal_data_reads WHERE elder_id = @elder AND actor = @subject",
                new { elder, subject }
            );
        await using var connection = await Database.OpenAsync("eligibility");
        var before = Reads(connection);

        var masked = await World.ReadAsync(await bureau.GetAsync($"/api/elders/{elder}"), 200);
        var afterMasked = Reads(connection);
        var unmasked = await World.ReadAsync(
            await bureau.GetAsync($"/api/elders/{elder}?purpose=home_visit_planning"),
            200
        );
        var row = await connection.QuerySingleAsync<ReadRow>(
            "SELECT actor, actor_role AS ActorRole, elder_id AS ElderId, fields, purpose FROM personal_data_reads "
                + "WHERE elder_id = @elder AND actor = @subject ORDER BY id DESC LIMIT 1",
            new { elder, subject }
        );

        // An operator (call centre) may read the record but not unmasked, purpose or not.
        using var op = Services.Eligibility.CreateClient(Roles.Operator, world.A.County, subject: "operator-9");
        var operatorAnswer = await op.GetAsync($"/api/elders/{elder}?purpose=curiosity");
        var operatorText = await operatorAnswer.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(
                masked.ToJsonString(),
                Does.Not.Contain(world.A.ElderIdNumber).And.Not.Contain(world.A.ElderName),
                "the masked answer"
            );
            Assert.That(afterMasked, Is.EqualTo(before), "a masked read is not an unmasked read");
            Assert.That(
                unmasked["idNumber"]?.GetValue<string>(),
                Is.EqualTo(world.A.ElderIdNumber),
                "the unmasked answer"
            );
            Assert.That(Reads(connection), Is.EqualTo(before + 1), "one unmasked read, one record");
            Assert.That(row.Actor, Is.EqualTo(subject), "who");
            Assert.That(row.ActorRole, Is.EqualTo(Roles.Bureau), "in which role");
            Assert.That(row.ElderId, Is.EqualTo(elder), "whose");
            Assert.That(row.Purpose, Is.EqualTo("home_visit_planning"), "why");
            Assert.That(row.Fields, Does.Contain("idNumber").Or.Contain("id_number"), "which fields");
            Assert.That(
                operatorText,
                Does.Not.Contain(world.A.ElderIdNumber),
                $"operator answered {(int)operatorAnswer.StatusCode}"
            );
        });
    }

    public sealed class ReadRow
    {
        public string Actor { get; set; } = "";
        public string ActorRole { get; set; } = "";
        public Guid ElderId { get; set; }
        public string[] Fields { get; set; } = [];
        public string Purpose { get; set; } = "";
    }

    [Test]
    public async Task Leaves_no_plaintext_id_number_or_face_id_in_any_column_of_any_table()
    {
        var world = await RunRealisticFlowAsync();
        var secrets = new[] { world.A, world.B }
            .SelectMany(p =>
                new[]
                {
                    ("elder ID number", p.ElderIdNumber),
                    ("agent ID number", p.AgentIdNumber),
                    ("face id", p.FaceId),
                }
            )
            .ToArray();
        await using var connection = await Database.OpenAsync();
        var columns = (
            await connection.QueryAsync<(string Schema, string Table, string Column, string Type)>(
                """
                SELECT c.table_schema, c.table_name, c.column_name, c.data_type
                FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND
                    t.table_type = 'BASE TABLE'
                WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
                  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')
                ORDER BY 1, 2, 3
                """
            )
        ).ToArray();
        var found = new List<string>();
        foreach (var (schema, table, column, type) in columns)
        {
            foreach (var (what, value) in secrets)
            {
                var probe =
                    type == "bytea"
                        ? $"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE position(convert_to(@value, 'UTF8') "
                            + $"in \"{column}\") > 0"
                        : $"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE strpos(\"{column}\"::text, @value) > 0";
                if (await connection.ExecuteScalarAsync<long>(probe, new { value }) > 0)
                {
                    found.Add($"{schema}.{table}.{column} holds a plaintext {what}");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(
                columns.Select(c => c.Schema).Distinct(),
                Is.SupersetOf(new[] { "cards", "eligibility", "whitelist", "settlement" }),
                "every service's schema was scanned"
            );
            Assert.That(found, Is.Empty);
        });
    }
}
