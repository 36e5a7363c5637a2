using System.Data.Common;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>Whose statement: a provider's or an elder's.</summary>
public enum StatementSubject
{
    Provider,
    Elder,
}
