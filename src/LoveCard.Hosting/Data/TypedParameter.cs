using Npgsql;

namespace LoveCard.Hosting.Data;

/// <summary>
/// Positional parameters of a known CLR type: Npgsql writes <see cref="NpgsqlParameter{T}"/> without boxing the value
/// or looking its type up per value, and a null of a nullable type (<c>long?</c>, <c>string?</c>) is sent as a NULL
/// of that type.
/// </summary>
public static class TypedParameter
{
    public static NpgsqlParameter<T> Of<T>(T value) => new() { TypedValue = value };
}
