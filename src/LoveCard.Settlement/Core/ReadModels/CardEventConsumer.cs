using Dapper;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>
/// The card read model: every card event carries the card's whole state, so each one upserts the
/// row. They share the "card" version stream, so a late, older event cannot undo a newer one.
/// </summary>
public abstract class CardEventConsumer<TEvent>(IServiceProvider services) : InboxConsumer<TEvent>(services)
    where TEvent : CardEvent
{
    protected override string VersionStream => "card";

    protected override async Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct)
    {
        // A number the card no longer carries declines card_replaced; record it even when the
        // CardReplaced event itself was overtaken by a newer event of the same card.
        const string sql = """
            WITH previous AS (
                SELECT card_number FROM rm_cards WHERE card_id = @CardId AND card_number <> @CardNumber
            ), replaced AS (
                INSERT INTO rm_card_replaced_numbers (card_number, card_id)
                SELECT card_number, @CardId FROM previous
                UNION ALL SELECT @PreviousCardNumber, @CardId WHERE @PreviousCardNumber IS NOT NULL
                ON CONFLICT (card_number) DO NOTHING
            )
            INSERT INTO rm_cards (card_id, elder_id, home_county, card_number, status, status_reason, face_hash,
                modules, updated_at)
            VALUES (@CardId, @ElderId, @HomeCounty, @CardNumber, @Status, @StatusReason, @FaceHash, @Modules,
                @OccurredAt)
            ON CONFLICT (card_id) DO UPDATE SET
                elder_id = excluded.elder_id, home_county = excluded.home_county, card_number = excluded.card_number,
                status = excluded.status, status_reason = excluded.status_reason, modules = excluded.modules,
                updated_at = excluded.updated_at,
                face_hash = CASE WHEN @FaceBound THEN excluded.face_hash ELSE rm_cards.face_hash END
            """;
        var face = message as CardFaceBound;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.CardId,
                    message.ElderId,
                    message.HomeCounty,
                    message.CardNumber,
                    message.Status,
                    message.StatusReason,
                    FaceHash = face?.FaceIdHash,
                    FaceBound = face is not null,
                    Modules = message.Modules.ToArray(),
                    OccurredAt = message.OccurredAt.UtcDateTime,
                    PreviousCardNumber = (message as CardReplaced)?.PreviousCardNumber,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
