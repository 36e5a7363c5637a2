using System.Text;
using Dapper;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using Npgsql;
using NpgsqlTypes;

namespace LoveCard.Eligibility.Imports;

public sealed record ImportError(long RowNumber, string Field, string Code, string Message);
