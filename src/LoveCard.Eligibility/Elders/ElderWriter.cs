using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Eligibility.Counties;
using LoveCard.Eligibility.Imports;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Elders;

/// <summary>An input's keyed hashes, computed ahead (on the import's reader thread) so the writer does not.</summary>
public readonly record struct KeyedHashes(string IdHash, string RowHash);

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
        DateOnly today, DateTimeOffset now, bool allowCountyMove, CancellationToken ct,
        IReadOnlyList<KeyedHashes>? keyed = null, ImportPhases? phases = null)
    {
        var result = new WriteResult();
        var started = ImportPhases.Start();
        var hashes = keyed?.Select(k => k.IdHash).ToArray() ?? inputs.Select(i => protector.Hash(i.Id.Number)).ToArray();
        const string sql = $"SELECT {ElderRow.Columns} FROM elders WHERE id_hash = ANY(@hashes) FOR UPDATE";
        var existing = (await connection.QueryAsync<ElderRow>(new CommandDefinition(sql, new { hashes }, transaction, cancellationToken: ct)))
            .ToDictionary(r => r.IdHash, StringComparer.Ordinal);
        started = phases?.Add(ImportPhase.Lookup, started) ?? started;

        var settings = new Dictionary<string, CountySettings>(StringComparer.Ordinal);
        var created = new List<ElderRow>();
        var updated = new List<(ElderRow Row, string[] Fields)>();
        var events = new List<IntegrationEvent>();
        var history = new List<ElderRow>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var rowHash = keyed?[i].RowHash ?? protector.Hash(input.Canonical());
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
                if (row.Classify(await SettingsAsync(input.HomeCounty), today, input.Id.BirthDate, protector))
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
                Sex = input.Id.Sex,
                CreatedAt = now.UtcDateTime,
                UpdatedAt = now.UtcDateTime,
            };
            Fill(row, input, rowHash);
            row.Classify(await SettingsAsync(input.HomeCounty), today, input.Id.BirthDate, protector);
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

        started = phases?.Add(ImportPhase.Derive, started) ?? started;
        var outbox = OutboxRows(events);
        started = phases?.Add(ImportPhase.Serialize, started) ?? started;
        await CopyRowsAsync(connection, "elders", created, ct);
        started = phases?.Add(ImportPhase.CopyElders, started) ?? started;
        await UpdateRowsAsync(connection, transaction, updated.Select(u => u.Row).ToArray(), ct);
        started = phases?.Add(ImportPhase.Update, started) ?? started;
        await CopyChangesAsync(connection, updated, actor, reason, now, ct);
        await CopyHistoryAsync(connection, history, actor, reason, now, ct);
        started = phases?.Add(ImportPhase.History, started) ?? started;
        await CopyOutboxAsync(connection, outbox, ct);
        phases?.Add(ImportPhase.Outbox, started);
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

            if (row.Classify(s, today, row.BirthDate(protector), protector))
            {
                row.Version++;
                row.UpdatedAt = now.UtcDateTime;
                events.Add(Classified(row, actor, reason, now));
                history.Add(row);
            }
        }

        await UpdateRowsAsync(connection, transaction, rows, ct);
        await CopyHistoryAsync(connection, history, actor, reason, now, ct);
        await CopyOutboxAsync(connection, OutboxRows(events), ct);
        return events.Count;
    }

    internal static ElderClassified Classified(ElderRow row, Actor actor, string reason, DateTimeOffset now) => new()
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
                care_situations = u.care_situations, review_due = u.review_due, settings_version = u.settings_version,
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

        // Binary COPY with synchronous field writes (the importer buffers them): PostgreSQL then takes
        // uuids, dates, instants and arrays as they are instead of parsing 35 text fields a row, and at
        // a province's size PostgreSQL, not .NET, is the busier side of an import (docs/benchmarks.md R5).
        await using var w = await connection.BeginBinaryImportAsync($"COPY {table} ({ElderRow.Columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            w.StartRow();
            w.Write(r.ElderId, NpgsqlDbType.Uuid);
            Text(w, r.IdHash);
            Text(w, r.IdEncrypted);
            Text(w, r.IdMasked);
            Text(w, r.Sex);
            Text(w, r.NameEncrypted);
            Text(w, r.NameMasked);
            Text(w, r.HukouProvince);
            Text(w, r.HukouCounty);
            Text(w, r.HomeCounty);
            Text(w, r.VillageCode);
            Text(w, r.PhoneEncrypted);
            Text(w, r.PhoneMasked);
            Text(w, r.Hardship);
            Nullable(w, r.AbilityScore, NpgsqlDbType.Integer);
            Nullable(w, r.AssessmentDate, NpgsqlDbType.Date);
            w.Write(r.Dementia, NpgsqlDbType.Boolean);
            w.Write(r.SpecialSituations, NpgsqlDbType.Array | NpgsqlDbType.Text);
            Text(w, r.SsCardNumber);
            Text(w, r.RowHash);
            Nullable(w, r.Category, NpgsqlDbType.Integer);
            w.Write(r.Eligible, NpgsqlDbType.Boolean);
            w.Write(r.IsLocal, NpgsqlDbType.Boolean);
            w.Write(r.Reasons, NpgsqlDbType.Array | NpgsqlDbType.Text);
            Text(w, r.RulesVersion);
            w.Write(r.EvaluatedOn, NpgsqlDbType.Date);
            Nullable(w, r.AbilityLevel, NpgsqlDbType.Integer);
            w.Write(r.CareSituations, NpgsqlDbType.Array | NpgsqlDbType.Text);
            Text(w, r.ReviewDue);
            w.Write(r.SettingsVersion, NpgsqlDbType.Integer);
            Text(w, r.PubHash);
            w.Write(r.Version, NpgsqlDbType.Bigint);
            w.Write(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
            w.Write(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
        }

        await w.CompleteAsync(ct);
    }

    private static void Text(NpgsqlBinaryImporter w, string? value)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } v)
        {
            w.Write(v, type);
        }
        else
        {
            w.WriteNull();
        }
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
        var at = now.UtcDateTime;
        foreach (var r in rows)
        {
            w.StartRow();
            w.Write(r.ElderId, NpgsqlDbType.Uuid);
            w.Write(r.Version, NpgsqlDbType.Bigint);
            Nullable(w, r.Category, NpgsqlDbType.Integer);
            w.Write(r.Eligible, NpgsqlDbType.Boolean);
            w.Write(r.IsLocal, NpgsqlDbType.Boolean);
            w.Write(r.Reasons, NpgsqlDbType.Array | NpgsqlDbType.Text);
            Text(w, r.RulesVersion);
            w.Write(r.EvaluatedOn, NpgsqlDbType.Date);
            Text(w, r.HomeCounty);
            Text(w, r.VillageCode);
            Text(w, who);
            Text(w, reason);
            w.Write(at, NpgsqlDbType.TimestampTz);
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
            w.StartRow();
            w.Write(row.ElderId, NpgsqlDbType.Uuid);
            w.Write(fields, NpgsqlDbType.Array | NpgsqlDbType.Text);
            w.Write(who, NpgsqlDbType.Text);
            w.Write(reason, NpgsqlDbType.Text);
            w.Write(now, NpgsqlDbType.TimestampTz);
        }

        await w.CompleteAsync(ct);
    }

    private readonly record struct OutboxRow(Guid MessageId, string MessageType, string AggregateId, string Body);

    /// <summary>
    /// The columns <see cref="Outbox"/>.AddAsync fills, computed the same way: a version-7 message id,
    /// the contract type's full name, the aggregate id and the body serialised with the web defaults
    /// (camelCase), the ambient correlation id; <c>created_at</c>, <c>sent_at</c> and <c>attempts</c>
    /// keep the table's defaults.
    /// </summary>
    private static OutboxRow[] OutboxRows(IReadOnlyList<IntegrationEvent> events)
    {
        var rows = new OutboxRow[events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var e = events[i];
            var type = e.GetType();
            var body = EventJson.Default.GetTypeInfo(type) is { } info ? JsonSerializer.Serialize(e, info) : JsonSerializer.Serialize(e, type, JsonSerializerOptions.Web);
            rows[i] = new OutboxRow(Guid.CreateVersion7(), type.FullName!, e.AggregateId, body);
        }

        return rows;
    }

    /// <summary>The platform outbox's insert, as one text COPY for a whole chunk (same columns and JSON as <see cref="Outbox"/>).</summary>
    private static async Task CopyOutboxAsync(NpgsqlConnection connection, IReadOnlyList<OutboxRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var correlation = CorrelationContext.Current;
        await using var w = await connection.BeginTextImportAsync("COPY outbox (message_id, message_type, aggregate_id, body, correlation_id) FROM STDIN", ct);
        var line = new CopyText();
        foreach (var r in rows)
        {
            line.Uuid(r.MessageId).Text(r.MessageType).Text(r.AggregateId).Text(r.Body);
            (correlation is { } c ? line.Uuid(c) : line.Text(null)).EndRow(w);
        }
    }

    /// <summary>Today on the Asia/Shanghai calendar, for callers without one at hand.</summary>
    public static DateOnly Today(TimeProvider time) => Shanghai.Today(time);
}
