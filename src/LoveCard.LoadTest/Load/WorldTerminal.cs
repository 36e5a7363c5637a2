using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using LoveCard.LoadTest.Common;
using LoveCard.LoadTest.Roster;
using LoveCard.Terminal;

namespace LoveCard.LoadTest.Load;

public sealed record WorldTerminal(string TerminalId, string Key, Guid ProviderId);
