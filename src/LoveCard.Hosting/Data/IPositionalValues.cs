using Npgsql;

namespace LoveCard.Hosting.Data;

/// <summary>The values of a <see cref="PositionalSql"/>'s parameters, by the number of their name in the list it
/// was built with.</summary>
public interface IPositionalValues
{
    /// <summary>A new parameter (each statement of a batch needs its own) holding the value of name
    /// <paramref name="name"/>; typed (<see cref="TypedParameter.Of{T}"/>), so no value is boxed.</summary>
    NpgsqlParameter Parameter(int name);
}
