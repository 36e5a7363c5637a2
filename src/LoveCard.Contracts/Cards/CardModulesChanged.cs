namespace LoveCard.Contracts.Cards;

/// <summary>A bureau changed the benefit modules on the card (see <see cref="CardEvent.Modules"/>).</summary>
public sealed record CardModulesChanged : CardEvent;
