namespace LoveCard.Demo;

/// <summary>A demo card as the cards service has it now.</summary>
public sealed record DemoCard(
    string RosterNumber,
    Guid CardId,
    Guid ElderId,
    string CardNumber,
    string Status,
    int? Category
);
