using System.Text;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>Whose lines a statement query selects: the column all three sources (purchases, reversals, corrections)
/// carry.</summary>
public enum StatementScope
{
    Provider,
    Elder,
    County,
}
