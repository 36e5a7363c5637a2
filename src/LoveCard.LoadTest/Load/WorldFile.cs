using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using LoveCard.LoadTest.Common;
using LoveCard.LoadTest.Roster;
using LoveCard.Terminal;

namespace LoveCard.LoadTest.Load;

/// <summary>What the purchase benchmarks need, seeded through the services' own APIs.</summary>
public sealed record WorldFile(
    string County,
    string SettlementUrl,
    IReadOnlyList<WorldTerminal> Terminals,
    IReadOnlyList<WorldCard> Cards
);
