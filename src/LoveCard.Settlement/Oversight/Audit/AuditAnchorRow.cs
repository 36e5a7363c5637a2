using System.Data;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Hosting;
using Npgsql;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>A published anchor: on <see cref="AnchoredOn"/> (Asia/Shanghai) the chain's head was entry
/// <see cref="Seq"/> with <see cref="Hash"/>.</summary>
public sealed record AuditAnchorRow(DateOnly AnchoredOn, long Seq, string Hash, DateTimeOffset AnchoredAt);
