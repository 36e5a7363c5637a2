using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Eligibility.Counties;
using LoveCard.Eligibility.Imports;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// The one write path into the register, for a roster chunk of thousands of rows as for one bureau
/// edit: look up existing elders by the keyed hash of their ID number, insert new ones and update
/// changed ones with binary COPY, reclassify, and publish <c>ElderRegistered</c>/<c>ElderClassified</c>
/// through the outbox in the caller's transaction. A row whose inputs did not change is not touched
/// (a re-imported roster changes and publishes nothing). A roster import's events go out packed, up to
/// <see cref="EldersImported.MaxElders"/> elders a message (ADR 0051); one bureau edit publishes them one by one.
/// </summary>
public sealed class ElderWriter(PersonalDataProtector protector, CountyStore counties)
{
    private const string ClassifiedReason = "classification changed";

    /// <param name="allowCountyMove">False for roster imports: a row may not take over an elder registered in another
    /// county.</param>
    public async Task<WriteResult> WriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<ElderInput> inputs,
        Actor actor,
        string reason,
        DateOnly today,
        DateTimeOffset now,
        bool allowCountyMove,
        CancellationToken ct,
        IReadOnlyList<KeyedHashes>? keyed = null,
        ImportPhases? phases = null,
        bool pack = false
    )
    {
        var result = new WriteResult();
        var started = ImportPhases.Start();
        var hashes = keyed?.Select(k => k.IdHash).ToArray()
            ?? inputs.Select(i => protector.Hash(i.Id.Number)).ToArray();
        const string sql = $"SELECT {ElderRow.Columns} FROM elders WHERE id_hash = ANY(@hashes) FOR UPDATE";
        var existing = (
            await connection.QueryAsync<ElderRow>(
                new CommandDefinition(sql, new { hashes }, transaction, cancellationToken: ct)
            )
        ).ToDictionary(r => r.IdHash, StringComparer.Ordinal);
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
                    result.Rejected[i] = new RowError(
                        RosterColumns.HomeCounty,
                        "elder_in_other_county",
                        "This elder is registered in another county; that county or the province must move them."
                    );
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
            row.Version = 2; // 1 = ElderRegistered, 2 = the first ElderClassified
            events.Add(
                new ElderRegistered
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
                }
            );
            events.Add(Classified(row, actor, reason, now));
            history.Add(row);
            created.Add(row);
            result.ElderIds[i] = row.ElderId;
            result.Created++;
        }

        started = phases?.Add(ImportPhase.Derive, started) ?? started;
        var outbox = pack
            ? Pack(events, now).Select(p => OutboxEntry.Of(p, p.PackId, EventJson.Default)).ToArray()
            : events.Select(e => OutboxEntry.Of(e, EventJson.Default)).ToArray();
        started = phases?.Add(ImportPhase.Serialize, started) ?? started;
        await ElderBulkWrites.CopyRowsAsync(connection, "elders", created, ct);
        started = phases?.Add(ImportPhase.CopyElders, started) ?? started;
        await ElderBulkWrites.UpdateRowsAsync(connection, transaction, updated.Select(u => u.Row).ToArray(), ct);
        started = phases?.Add(ImportPhase.Update, started) ?? started;
        await ElderBulkWrites.CopyChangesAsync(connection, updated, actor, reason, now, ct);
        await ElderBulkWrites.CopyHistoryAsync(connection, history, actor, reason, now, ct);
        started = phases?.Add(ImportPhase.History, started) ?? started;
        await Outbox.CopyAsync(connection, outbox, ct);
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
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<ElderRow> rows,
        Actor actor,
        string reason,
        DateOnly today,
        DateTimeOffset now,
        CancellationToken ct
    )
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

        await ElderBulkWrites.UpdateRowsAsync(connection, transaction, rows, ct);
        await ElderBulkWrites.CopyHistoryAsync(connection, history, actor, reason, now, ct);
        await Outbox.CopyAsync(connection, events.Select(e => OutboxEntry.Of(e, EventJson.Default)).ToArray(), ct);
        return events.Count;
    }

    /// <summary>
    /// A roster batch's events as <see cref="EldersImported"/> messages of up to <see cref="EldersImported.MaxElders"/>
    /// classifications each (ADR 0051), in the order written; an elder's registration travels with its classification.
    /// </summary>
    internal static List<EldersImported> Pack(IReadOnlyList<IntegrationEvent> events, DateTimeOffset now)
    {
        var packs = new List<EldersImported>();
        var registered = new List<ElderRegistered>();
        var classified = new List<ElderClassified>();
        foreach (var e in events)
        {
            if (e is ElderRegistered r)
            {
                registered.Add(r);
                continue;
            }

            classified.Add((ElderClassified)e);
            if (classified.Count == EldersImported.MaxElders)
            {
                Flush();
            }
        }

        Flush();
        return packs;

        void Flush()
        {
            if (registered.Count == 0 && classified.Count == 0)
            {
                return;
            }

            packs.Add(
                new EldersImported
                {
                    PackId = "elder-import:" + Guid.CreateVersion7(),
                    OccurredAt = now,
                    Registered = [.. registered],
                    Classified = [.. classified],
                }
            );
            registered.Clear();
            classified.Clear();
        }
    }

    internal static ElderClassified Classified(ElderRow row, Actor actor, string reason, DateTimeOffset now) =>
        new()
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
        if (
            row.NameMasked != PersonalDataProtector.MaskName(input.Name)
            || protector.Decrypt(row.NameEncrypted) != input.Name
        )
            fields.Add(RosterColumns.Name);
        if (row.HukouProvince != input.HukouProvince || row.HukouCounty != input.HukouCounty)
            fields.Add("hukou");
        if (row.HomeCounty != input.HomeCounty || row.VillageCode != input.VillageCode)
            fields.Add("residence");
        if ((row.PhoneEncrypted is null ? null : protector.Decrypt(row.PhoneEncrypted)) != input.Phone)
            fields.Add(RosterColumns.Phone);
        if (row.Hardship != input.Hardship)
            fields.Add(RosterColumns.Hardship);
        if (row.AbilityScore != input.AbilityScore || row.AssessmentDate != input.AssessmentDate)
            fields.Add("ability_assessment");
        if (row.Dementia != input.Dementia)
            fields.Add(RosterColumns.Dementia);
        if (!row.SpecialSituations.SequenceEqual(input.SpecialSituations))
            fields.Add(RosterColumns.SpecialSituations);
        if (row.SsCardNumber != input.SocialSecurityCardNumber)
            fields.Add(RosterColumns.SocialSecurityCardNumber);
        return [.. fields];
    }

    /// <summary>Today on the Asia/Shanghai calendar, for callers without one at hand.</summary>
    public static DateOnly Today(TimeProvider time) => Shanghai.Today(time);
}
