namespace LoveCard.Testing;

/// <summary>What a <see cref="DatabaseGate"/> does with a new connection.</summary>
public enum GateMode
{
    Open,
    Refuse,
    Stall,
}
