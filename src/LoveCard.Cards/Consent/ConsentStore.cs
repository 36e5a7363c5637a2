using Dapper;
using Npgsql;

namespace LoveCard.Cards.Consent;

/// <summary>Consent records: every consent given or withdrawn is kept (DOMAIN.md §1).</summary>
public sealed class ConsentStore(NpgsqlDataSource dataSource)
{
    /// <summary>A consent as stored; the agent's name, ID number and phone are encrypted, with masked copies.</summary>
    public sealed record ConsentRecord(
        Guid ConsentId,
        Guid CardId,
        string Action,
        string GivenBy,
        string? AgentNameEncrypted,
        string? AgentNameMasked,
        string? AgentIdNumberEncrypted,
        string? AgentIdNumberHash,
        string? AgentIdNumberMasked,
        string? AgentRelation,
        string? AgentPhoneEncrypted,
        string? AgentPhoneMasked,
        string Channel,
        string? Place,
        DateTimeOffset ConsentedAt,
        string Operator,
        DateTimeOffset RecordedAt,
        long CardVersion
    );

    public static Task InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ConsentRecord record,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO consents (consent_id, card_id, action, given_by, agent_name_encrypted, agent_name_masked,
                agent_id_number_encrypted, agent_id_number_hash, agent_id_number_masked, agent_relation,
                agent_phone_encrypted, agent_phone_masked, channel, place, consented_at, operator, recorded_at,
                    card_version)
            VALUES (@ConsentId, @CardId, @Action, @GivenBy, @AgentNameEncrypted, @AgentNameMasked,
                @AgentIdNumberEncrypted, @AgentIdNumberHash, @AgentIdNumberMasked, @AgentRelation,
                @AgentPhoneEncrypted, @AgentPhoneMasked, @Channel, @Place, @ConsentedAt, @Operator, @RecordedAt,
                    @CardVersion)
            """;
        return connection.ExecuteAsync(new CommandDefinition(sql, record, transaction, cancellationToken: ct));
    }

    public sealed record AgentView(string MaskedName, string MaskedIdNumber, string Relation, string? MaskedPhone);

    public sealed record ConsentView(
        Guid ConsentId,
        string Action,
        string GivenBy,
        AgentView? Agent,
        string Channel,
        string? Place,
        DateTimeOffset ConsentedAt,
        string Operator,
        DateTimeOffset RecordedAt,
        long CardVersion
    );

    private sealed class Row
    {
        public Guid ConsentId { get; set; }

        public string Action { get; set; } = "";

        public string GivenBy { get; set; } = "";

        public string? AgentNameMasked { get; set; }

        public string? AgentIdNumberMasked { get; set; }

        public string? AgentRelation { get; set; }

        public string? AgentPhoneMasked { get; set; }

        public string Channel { get; set; } = "";

        public string? Place { get; set; }

        public DateTimeOffset ConsentedAt { get; set; }

        public string Operator { get; set; } = "";

        public DateTimeOffset RecordedAt { get; set; }

        public long CardVersion { get; set; }
    }

    /// <summary>The card's consents, oldest first, with the agent's details masked.</summary>
    public async Task<IReadOnlyList<ConsentView>> ListAsync(Guid cardId, CancellationToken ct)
    {
        const string sql = """
            SELECT consent_id, action, given_by, agent_name_masked, agent_id_number_masked, agent_relation,
                agent_phone_masked,
                   channel, place, consented_at, operator, recorded_at, card_version
            FROM consents WHERE card_id = @cardId ORDER BY recorded_at, card_version
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { cardId }, cancellationToken: ct));
        return rows.Select(r => new ConsentView(
                r.ConsentId,
                r.Action,
                r.GivenBy,
                r.GivenBy == "agent"
                    ? new AgentView(
                        r.AgentNameMasked ?? "",
                        r.AgentIdNumberMasked ?? "",
                        r.AgentRelation ?? "",
                        r.AgentPhoneMasked
                    )
                    : null,
                r.Channel,
                r.Place,
                r.ConsentedAt,
                r.Operator,
                r.RecordedAt,
                r.CardVersion
            ))
            .ToArray();
    }
}
