using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting.Errors;

namespace LoveCard.Cards.Cards;

/// <summary>Blank events to stamp a card's state on (<see cref="Card.Describe{TEvent}"/>): the required members are all
/// overwritten.</summary>
public static class Blank
{
    private static readonly Actor Nobody = Actor.System("blank");

    public static CardProvisioned Provisioned =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
        };

    public static CardActivated Activated =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
        };

    public static CardSuspended Suspended =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
        };

    public static CardResumed Resumed =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
        };

    public static CardRevoked Revoked =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
        };

    public static CardModulesChanged ModulesChanged =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
        };

    public static CardHolderChanged HolderChanged =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
        };

    public static CardReplaced Replaced(string previousNumber) =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
            PreviousCardNumber = previousNumber,
        };

    public static CardFaceBound FaceBound(string? faceIdHash) =>
        new()
        {
            AggregateId = "",
            AggregateVersion = 0,
            Actor = Nobody,
            Reason = "",
            OccurredAt = default,
            CardId = default,
            ElderId = default,
            HomeCounty = "",
            CardNumber = "",
            Status = "",
            FaceIdHash = faceIdHash,
        };
}
