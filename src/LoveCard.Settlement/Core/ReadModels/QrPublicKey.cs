using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>A QR signing key's public half as settlement knows it.</summary>
public sealed record QrPublicKey(string Kid, byte[] Spki, DateTimeOffset NotBefore, DateTimeOffset? NotAfter);
