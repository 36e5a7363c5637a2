using Dapper;
using LoveCard.Cards.Cards;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.ReadModels;
using LoveCard.Hosting.ReadModels;
using Npgsql;

namespace LoveCard.Cards.Sources;

/// <summary>
/// Cards as a source of read models (ADR 0015): the watermark is every card's version; a card's
/// state goes out as <see cref="CardFaceBound"/> (the one card event that carries every field a
/// reader keeps, the face hash included, null when none is bound) and one <see cref="CardReplaced"/>
/// per number the card carried before, so a rebuilt reader still declines an old number as replaced.
/// </summary>
public sealed class CardSource : IAggregateSource
{
    private static readonly Actor Sync = Actor.System("cards-read-model-sync");

    public string Kind => ReadModelKinds.Card;

    public async Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection, string? after, int limit, CancellationToken ct)
    {
        const string sql = """
            SELECT card_id::text AS aggregate_id, card_id::text AS key, version, updated_at AS changed_at FROM cards
            WHERE @after::uuid IS NULL OR card_id > @after::uuid
            ORDER BY card_id LIMIT @limit
            """;
        var rows = (await connection.QueryAsync<WatermarkRow>(new CommandDefinition(sql, new { after, limit }, cancellationToken: ct))).AsList();
        return WatermarkRow.Page(rows, limit);
    }

    public async Task<IReadOnlyList<SourceState>> StatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> aggregateIds, CancellationToken ct)
    {
        var ids = aggregateIds.Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToArray();
        const string cardsSql = $"SELECT {CardStore.Columns} FROM cards WHERE card_id = ANY(@ids)";
        const string numbersSql = """
            SELECT card_id, card_number FROM card_numbers WHERE card_id = ANY(@ids) AND replaced_at IS NOT NULL ORDER BY replaced_at
            """;
        var cards = await connection.QueryAsync<Card>(new CommandDefinition(cardsSql, new { ids }, transaction, cancellationToken: ct));
        var previous = (await connection.QueryAsync<(Guid CardId, string CardNumber)>(new CommandDefinition(numbersSql, new { ids }, transaction, cancellationToken: ct)))
            .ToLookup(n => n.CardId, n => n.CardNumber);
        return cards.Select(card =>
        {
            const string reason = "current state, sent again for a read model";
            var events = new List<IntegrationEvent>();
            events.AddRange(previous[card.CardId].Select(number => card.Describe(Blank.Replaced(number), Sync, reason, card.UpdatedAt)));
            events.Add(card.Describe(Blank.FaceBound(card.FaceIdHash), Sync, reason, card.UpdatedAt));
            return new SourceState(card.CardId.ToString(), card.Version, events);
        }).ToArray();
    }
}
