using Dapper;
using LoveCard.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// How <see cref="ElderWriter"/> writes thousands of rows at once: binary COPY into <c>elders</c>,
/// <c>classifications</c> and <c>elder_changes</c>, and one set-based UPDATE for changed elders. Their events go
/// through the platform's outbox writer (<c>Outbox.CopyAsync</c>, one COPY per chunk), the only one.
/// </summary>
internal static class ElderBulkWrites
{
    public static async Task UpdateRowsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<ElderRow> rows,
        CancellationToken ct
    )
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Set-based: COPY the new state into a session temp table, then one UPDATE … FROM.
        await connection.ExecuteAsync(
            new CommandDefinition(
                "CREATE TEMP TABLE IF NOT EXISTS elder_updates (LIKE elders INCLUDING DEFAULTS) ON COMMIT DELETE ROWS",
                transaction: transaction,
                cancellationToken: ct
            )
        );
        await CopyRowsAsync(connection, "elder_updates", rows, ct);
        const string sql = """
            UPDATE elders e SET name_encrypted = u.name_encrypted, name_masked = u.name_masked, hukou_province =
                u.hukou_province,
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
        await connection.ExecuteAsync(
            new CommandDefinition("TRUNCATE elder_updates", transaction: transaction, cancellationToken: ct)
        );
    }

    public static async Task CopyRowsAsync(
        NpgsqlConnection connection,
        string table,
        IReadOnlyList<ElderRow> rows,
        CancellationToken ct
    )
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Binary COPY with synchronous field writes (the importer buffers them): PostgreSQL then takes
        // uuids, dates, instants and arrays as they are instead of parsing 35 text fields a row, and at
        // a province's size PostgreSQL, not .NET, is the busier side of an import (docs/benchmarks.md R5).
        await using var w = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({ElderRow.Columns}) FROM STDIN (FORMAT BINARY)",
            ct
        );
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

    public static void Text(NpgsqlBinaryImporter w, string? value)
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

    public static void Nullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type)
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

    public static async Task CopyHistoryAsync(
        NpgsqlConnection connection,
        IReadOnlyList<ElderRow> rows,
        Actor actor,
        string reason,
        DateTimeOffset now,
        CancellationToken ct
    )
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

    public static async Task CopyChangesAsync(
        NpgsqlConnection connection,
        IReadOnlyList<(ElderRow Row, string[] Fields)> rows,
        Actor actor,
        string reason,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var w = await connection.BeginBinaryImportAsync(
            "COPY elder_changes (elder_id, fields, actor, reason, changed_at) FROM STDIN (FORMAT BINARY)",
            ct
        );
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
}
