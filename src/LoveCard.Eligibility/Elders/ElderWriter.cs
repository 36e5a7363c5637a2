using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Elders;

/// <summary>What a write did, row by row (index into the inputs).</summary>
public sealed class WriteResult
{
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Published { get; set; }
    public Dictionary<int, Guid> ElderIds { get; } = [];
    public Dictionary<int, RowError> Rejected { get; } = [];
}

/// <summary>
/// The one write path into the register, for a roster chunk of thousands of rows as for one bureau
/// edit: look up existing elders by the keyed hash of their ID number, insert new ones and update
/// changed ones with binary COPY, reclassify, and publish <c>ElderRegistered</c>/<c>ElderClassified</c>
/// through the outbox in the caller's transaction. A row whose inputs did not change is not touched
/// (a re-imported roster changes and publishes nothing).
/// </summary>
public sealed class ElderWriter(PersonalDataProtector protector, CountyStore counties)
{
    private const string ClassifiedReason = "classification changed";

    /// <param name="allowCountyMove">False for roster imports: a row may not take over an elder registered in another county.</param>
    public async Task<WriteResult> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ElderInput> inputs, Actor actor, string reason,
        DateOnly today, DateTimeOffset now, bool allowCountyMove, CancellationToken ct)
    {
        var result = new WriteResult();
        var hashes = inputs.Select(i => protector.Hash(i.Id.Number)).ToArray();
        const string sql = $"SELECT {ElderRow.Columns} FROM elders WHERE id_hash = ANY(@hashes) FOR UPDATE";
        var existing = (await connection.QueryAsync<ElderRow>(new CommandDefinition(sql, new { hashes }, transaction, cancellationToken: ct)))
            .ToDictionary(r => r.IdHash, StringComparer.Ordinal);

        var settings = new Dictionary<string, CountySettings>(StringComparer.Ordinal);
        var created = new List<ElderRow>();
        var updated = new List<(ElderRow Row, string[] Fields)>();
        var events = new List<IntegrationEvent>();
        var history = new List<ElderRow>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var rowHash = protector.Hash(input.Canonical());
            if (existing.TryGetValue(hashes[i], out var row))
            {
                result.ElderIds[i] = row.ElderId;
                if (row.HomeCounty != input.HomeCounty && !allowCountyMove)
                {
                    result.Rejected[i] = new RowError(RosterColumns.HomeCounty, "elder_in_other_county",
                        "This elder is registered in another county; that county or the province must move them.");
                    continue;
                }

                if (row.RowHash == rowHash)
                {
                    result.Unchanged++;
                    continue;
                }

                var fields = ChangedFields(row, input);
                Fill(row, input, rowHash);
                row.UpdatedAt = now.UtcDateTime;
                if (row.Classify(await SettingsAsync(input.HomeCounty), today))
                {
                    row.Version++;
                    events.Add(Classified(row, actor, reason, now));
                    history.Add(row);
                }

                updated.Add((row, fields));
                result.Updated++;
                continue;
            }

            row = new ElderRow
            {
                ElderId = Guid.CreateVersion7(),
                IdHash = hashes[i],
                IdEncrypted = protector.Encrypt(input.Id.Number),
                IdMasked = PersonalDataProtector.MaskIdNumber(input.Id.Number),
                BirthDate = input.Id.BirthDate,
                Sex = input.Id.Sex,
                CreatedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
            };
            Fill(row, input, rowHash);
            row.Classify(await SettingsAsync(input.HomeCounty), today);
            existing[hashes[i]] = row; // a second row for the same ID in this batch is an update of this one
            row.Version = 2;           // 1 = ElderRegistered, 2 = the first ElderClassified
            events.Add(new ElderRegistered
            {
                AggregateId = row.ElderId.ToString(),
                AggregateVersion = 1,
                Actor = actor,
                Reason = reason,
                OccurredAt = now,
                ElderId = row.ElderId,
                HomeCounty = row.HomeCounty,
                VillageCode = row.VillageCode,
                MaskedName = row.NameMasked,
            });
            events.Add(Classified(row, actor, reason, now));
            history.Add(row);
            created.Add(row);
            result.ElderIds[i] = row.ElderId;
            result.Created++;
        }

        await CopyRowsAsync(connection, "elders", created, ct);
        await UpdateRowsAsync(connection, transaction, updated.Select(u => u.Row).ToArray(), ct);
        await CopyChangesAsync(connection, updated, actor, reason, now, ct);
        await CopyHistoryAsync(connection, history, actor, reason, now, ct);
        await CopyOutboxAsync(connection, events, ct);
        result.Published = events.Count;
        return result;

        async Task<CountySettings> SettingsAsync(string county)
        {
            if (!settings.TryGetValue(county, out var s))
            {
                settings[county] = s = await counties.EnsureAsync(connection, transaction, county, ct);
            }

            return s;
        }

        void Fill(ElderRow r, ElderInput input, string rowHash)
        {
            r.NameEncrypted = protector.Encrypt(input.Name);
            r.NameMasked = PersonalDataProtector.MaskName(input.Name);
            r.HukouProvince = input.HukouProvince;
            r.HukouCounty = input.HukouCounty;
            r.HomeCounty = input.HomeCounty;
            r.VillageCode = input.VillageCode;
            r.PhoneEncrypted = input.Phone is null ? null : protector.Encrypt(input.Phone);
            r.PhoneMasked = input.Phone is null ? null : PersonalDataProtector.MaskPhone(input.Phone);
            r.Hardship = input.Hardship;
            r.AbilityScore = input.AbilityScore;
            r.AssessmentDate = input.AssessmentDate;
            r.Dementia = input.Dementia;
            r.SpecialSituations = [.. input.SpecialSituations];
            r.SsCardNumber = input.SocialSecurityCardNumber;
            r.RowHash = rowHash;
        }
    }

    /// <summary>
    /// Reclassifies stored elders (settings change, daily job) and publishes those whose result changed.
    /// Every row is stored again so its settings version and next review day move on.
    /// </summary>
    public async Task<int> ReclassifyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ElderRow> rows, Actor actor, string reason,
        DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var settings = new Dictionary<string, CountySettings>(StringComparer.Ordinal);
        var events = new List<IntegrationEvent>();
        var history = new List<ElderRow>();
        foreach (var row in rows)
        {
            if (!settings.TryGetValue(row.HomeCounty, out var s))
            {
                settings[row.HomeCounty] = s = await counties.EnsureAsync(connection, transaction, row.HomeCounty, ct);
            }

            if (row.Classify(s, today))
            {
                row.Version++;
                row.UpdatedAt = now.UtcDateTime;
                events.Add(Classified(row, actor, reason, now));
                history.Add(row);
            }
        }

        await UpdateRowsAsync(connection, transaction, rows, ct);
        await CopyHistoryAsync(connection, history, actor, reason, now, ct);
        await CopyOutboxAsync(connection, events, ct);
        return events.Count;
    }

    private static ElderClassified Classified(ElderRow row, Actor actor, string reason, DateTimeOffset now) => new()
    {
        AggregateId = row.ElderId.ToString(),
        AggregateVersion = row.Version,
        Actor = actor,
        Reason = reason == "" ? ClassifiedReason : reason,
        OccurredAt = now,
        ElderId = row.ElderId,
        HomeCounty = row.HomeCounty,
        VillageCode = row.VillageCode,
        MaskedName = row.NameMasked,
        Category = row.Category,
        Eligible = row.Eligible,
        IsLocal = row.IsLocal,
        Reasons = row.Reasons,
        RulesVersion = row.RulesVersion,
        EvaluatedOn = row.EvaluatedOn,
        SocialSecurityCardNumber = row.SsCardNumber,
        SpecialSituations = row.SpecialSituations,
    };

    /// <summary>Names (never values) of the inputs that differ, for the append-only change log.</summary>
    private string[] ChangedFields(ElderRow row, ElderInput input)
    {
        var fields = new List<string>();
        if (row.NameMasked != PersonalDataProtector.MaskName(input.Name) || protector.Decrypt(row.NameEncrypted) != input.Name) fields.Add(RosterColumns.Name);
        if (row.HukouProvince != input.HukouProvince || row.HukouCounty != input.HukouCounty) fields.Add("hukou");
        if (row.HomeCounty != input.HomeCounty || row.VillageCode != input.VillageCode) fields.Add("residence");
        if ((row.PhoneEncrypted is null ? null : protector.Decrypt(row.PhoneEncrypted)) != input.Phone) fields.Add(RosterColumns.Phone);
        if (row.Hardship != input.Hardship) fields.Add(RosterColumns.Hardship);
        if (row.AbilityScore != input.AbilityScore || row.AssessmentDate != input.AssessmentDate) fields.Add("ability_assessment");
        if (row.Dementia != input.Dementia) fields.Add(RosterColumns.Dementia);
        if (!row.SpecialSituations.SequenceEqual(input.SpecialSituations)) fields.Add(RosterColumns.SpecialSituations);
        if (row.SsCardNumber != input.SocialSecurityCardNumber) fields.Add(RosterColumns.SocialSecurityCardNumber);
        return [.. fields];
    }

    private static async Task UpdateRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ElderRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Set-based: COPY the new state into a session temp table, then one UPDATE … FROM.
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TEMP TABLE IF NOT EXISTS elder_updates (LIKE elders) ON COMMIT DELETE ROWS", transaction: transaction, cancellationToken: ct));
        await CopyRowsAsync(connection, "elder_updates", rows, ct);
        const string sql = """
            UPDATE elders e SET name_encrypted = u.name_encrypted, name_masked = u.name_masked, hukou_province = u.hukou_province,
                hukou_county = u.hukou_county, home_county = u.home_county, village_code = u.village_code,
                phone_encrypted = u.phone_encrypted, phone_masked = u.phone_masked, hardship = u.hardship,
                ability_score = u.ability_score, assessment_date = u.assessment_date, dementia = u.dementia,
                special_situations = u.special_situations, ss_card_number = u.ss_card_number, row_hash = u.row_hash,
                category = u.category, eligible = u.eligible, is_local = u.is_local, reasons = u.reasons,
                rules_version = u.rules_version, evaluated_on = u.evaluated_on, ability_level = u.ability_level,
                care_situations = u.care_situations, next_review_on = u.next_review_on, settings_version = u.settings_version,
                pub_hash = u.pub_hash, version = u.version, updated_at = u.updated_at
            FROM elder_updates u WHERE e.elder_id = u.elder_id
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("TRUNCATE elder_updates", transaction: transaction, cancellationToken: ct));
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, string table, IReadOnlyList<ElderRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var w = await connection.BeginBinaryImportAsync($"COPY {table} ({ElderRow.Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(r.ElderId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.IdHash, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.IdEncrypted, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.IdMasked, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.BirthDate, NpgsqlDbType.Date, ct);
            await w.WriteAsync(r.Sex, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.NameEncrypted, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.NameMasked, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.HukouProvince, NpgsqlDbType.Text, ct);
            await WriteTextAsync(w, r.HukouCounty, ct);
            await w.WriteAsync(r.HomeCounty, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.VillageCode, NpgsqlDbType.Text, ct);
            await WriteTextAsync(w, r.PhoneEncrypted, ct);
            await WriteTextAsync(w, r.PhoneMasked, ct);
            await w.WriteAsync(r.Hardship, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, r.AbilityScore, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(w, r.AssessmentDate, NpgsqlDbType.Date, ct);
            await w.WriteAsync(r.Dementia, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.SpecialSituations, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await WriteTextAsync(w, r.SsCardNumber, ct);
            await w.WriteAsync(r.RowHash, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, r.Category, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.Eligible, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.IsLocal, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.Reasons, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.RulesVersion, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.EvaluatedOn, NpgsqlDbType.Date, ct);
            await WriteNullableAsync(w, r.AbilityLevel, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.CareSituations, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await WriteNullableAsync(w, r.NextReviewOn, NpgsqlDbType.Date, ct);
            await w.WriteAsync(r.SettingsVersion, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.PubHash, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.Version, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
        }

        await w.CompleteAsync(ct);
    }

    private static async Task CopyHistoryAsync(NpgsqlConnection connection, IReadOnlyList<ElderRow> rows, Actor actor, string reason, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        const string copy = """
            COPY classifications (elder_id, version, category, eligible, is_local, reasons, rules_version, evaluated_on,
                home_county, village_code, actor, reason, occurred_at) FROM STDIN (FORMAT BINARY)
            """;
        await using var w = await connection.BeginBinaryImportAsync(copy, ct);
        var who = $"{actor.Kind}:{actor.Id}";
        foreach (var r in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(r.ElderId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(r.Version, NpgsqlDbType.Bigint, ct);
            await WriteNullableAsync(w, r.Category, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(r.Eligible, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.IsLocal, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(r.Reasons, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.RulesVersion, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.EvaluatedOn, NpgsqlDbType.Date, ct);
            await w.WriteAsync(r.HomeCounty, NpgsqlDbType.Text, ct);
            await w.WriteAsync(r.VillageCode, NpgsqlDbType.Text, ct);
            await w.WriteAsync(who, NpgsqlDbType.Text, ct);
            await w.WriteAsync(reason, NpgsqlDbType.Text, ct);
            await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        }

        await w.CompleteAsync(ct);
    }

    private static async Task CopyChangesAsync(NpgsqlConnection connection, IReadOnlyList<(ElderRow Row, string[] Fields)> rows, Actor actor, string reason, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var w = await connection.BeginBinaryImportAsync("COPY elder_changes (elder_id, fields, actor, reason, changed_at) FROM STDIN (FORMAT BINARY)", ct);
        var who = $"{actor.Kind}:{actor.Id}";
        foreach (var (row, fields) in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(row.ElderId, NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(fields, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await w.WriteAsync(who, NpgsqlDbType.Text, ct);
            await w.WriteAsync(reason, NpgsqlDbType.Text, ct);
            await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        }

        await w.CompleteAsync(ct);
    }

    /// <summary>The platform outbox's insert, as one binary COPY for a whole chunk (same columns and JSON as <see cref="Outbox"/>).</summary>
    private static async Task CopyOutboxAsync(NpgsqlConnection connection, IReadOnlyList<IntegrationEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var w = await connection.BeginBinaryImportAsync(
            "COPY outbox (message_id, message_type, aggregate_id, body, correlation_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var e in events)
        {
            var type = e.GetType();
            await w.StartRowAsync(ct);
            await w.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
            await w.WriteAsync(type.FullName!, NpgsqlDbType.Text, ct);
            await w.WriteAsync(e.AggregateId, NpgsqlDbType.Text, ct);
            await w.WriteAsync(JsonSerializer.Serialize(e, type, JsonSerializerOptions.Web), NpgsqlDbType.Jsonb, ct);
            await WriteNullableAsync(w, CorrelationContext.Current, NpgsqlDbType.Uuid, ct);
        }

        await w.CompleteAsync(ct);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct
    {
        if (value is { } v)
        {
            await w.WriteAsync(v, type, ct);
        }
        else
        {
            await w.WriteNullAsync(ct);
        }
    }

    private static async Task WriteTextAsync(NpgsqlBinaryImporter w, string? value, CancellationToken ct)
    {
        if (value is null)
        {
            await w.WriteNullAsync(ct);
        }
        else
        {
            await w.WriteAsync(value, NpgsqlDbType.Text, ct);
        }
    }

    /// <summary>Today on the Asia/Shanghai calendar, for callers without one at hand.</summary>
    public static DateOnly Today(TimeProvider time) => Shanghai.Today(time);
}
