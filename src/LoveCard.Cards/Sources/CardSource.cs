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
    private const string Reason = "current state, sent again for a read model";
    private static readonly Actor Sync = Actor.System("cards-read-model-sync");

    public string Kind => ReadModelKinds.Card;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT card_id::text AS aggregate_id, card_id::text AS key, version, updated_at AS changed_at FROM cards
            WHERE @after::uuid IS NULL OR card_id > @after::uuid
            ORDER BY card_id LIMIT @limit
            """;
        return WatermarkRow.ReadPageAsync(connection, sql, after, limit, ct);
    }

    public async Task<IReadOnlyList<SourceState>> StatesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<string> aggregateIds,
        CancellationToken ct
    )
    {
        const string cardsSql = $"SELECT {CardStore.Columns} FROM cards WHERE card_id = ANY(@ids)";
        const string numbersSql = """
            SELECT card_id, card_number FROM card_numbers
            WHERE card_id = ANY(@ids) AND replaced_at IS NOT NULL
            ORDER BY replaced_at
            """;
        var ids = SourceIds.Guids(aggregateIds);
        var cards = await connection.QueryAsync<Card>(
            new CommandDefinition(cardsSql, new { ids }, transaction, cancellationToken: ct)
        );
        var numbers = await connection.QueryAsync<(Guid CardId, string CardNumber)>(
            new CommandDefinition(numbersSql, new { ids }, transaction, cancellationToken: ct)
        );
        var previous = numbers.ToLookup(n => n.CardId, n => n.CardNumber);
        return cards
            .Select(card =>
            {
                var events = new List<IntegrationEvent>();
                events.AddRange(previous[card.CardId].Select(number => Describe(card, Blank.Replaced(number))));
                events.Add(Describe(card, Blank.FaceBound(card.FaceIdHash)));
                return new SourceState(card.CardId.ToString(), card.Version, events);
            })
            .ToArray();
    }

    private static CardEvent Describe(Card card, CardEvent blank) => card.Describe(blank, Sync, Reason, card.UpdatedAt);
}
