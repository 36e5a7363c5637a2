using LoveCard.Hosting.Data;
using LoveCard.Settlement.Core.Holds;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// The parameters of <see cref="PurchaseContext"/>'s round trip, by the names its SQL uses (<see cref="Names"/>), each
/// as a typed parameter of the type the named command sent it as (ADR 0057).
/// </summary>
internal sealed class PurchaseContextValues : IPositionalValues
{
    /// <summary>The names the statements may use, in the order <see cref="Parameter"/> numbers them.</summary>
    public static readonly string[] Names =
    [
        "providerId",
        "item",
        "providerCounty",
        "homeCounty",
        "day",
        "orderId",
        "elderId",
        "capMonth",
        "value",
        "isCard",
        "standardItems",
        "cardId",
        "terminalId",
        "now",
        "mealsDefault",
        "kmhDefault",
        "minKmDefault",
        "visitProofDefault",
    ];

    public required Guid ProviderId { get; init; }

    public required string? Item { get; init; }

    public required string ProviderCounty { get; init; }

    public required string? HomeCounty { get; init; }

    public required DateOnly Day { get; init; }

    public required Guid? OrderId { get; init; }

    public required Guid? ElderId { get; init; }

    public required DateOnly CapMonth { get; init; }

    public required string? Value { get; init; }

    public required bool IsCard { get; init; }

    public required Guid? CardId { get; init; }

    public required string TerminalId { get; init; }

    /// <summary>UTC (<see cref="DateTimeKind.Utc"/>), so it is sent as a timestamptz.</summary>
    public required DateTime Now { get; init; }

    public NpgsqlParameter Parameter(int name) =>
        name switch
        {
            0 => TypedParameter.Of(ProviderId),
            1 => TypedParameter.Of(Item),
            2 => TypedParameter.Of(ProviderCounty),
            3 => TypedParameter.Of(HomeCounty),
            4 => TypedParameter.Of(Day),
            5 => TypedParameter.Of(OrderId),
            6 => TypedParameter.Of(ElderId),
            7 => TypedParameter.Of(CapMonth),
            8 => TypedParameter.Of(Value),
            9 => TypedParameter.Of(IsCard),
            10 => TypedParameter.Of(PurchaseContext.StandardItems),
            11 => TypedParameter.Of(CardId),
            12 => TypedParameter.Of(TerminalId),
            13 => TypedParameter.Of(Now),
            14 => TypedParameter.Of(HoldContextQuery.Defaults.Meals),
            15 => TypedParameter.Of(HoldContextQuery.Defaults.Kmh),
            16 => TypedParameter.Of(HoldContextQuery.Defaults.MinKm),
            17 => TypedParameter.Of(HoldContextQuery.Defaults.VisitProof),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
}
