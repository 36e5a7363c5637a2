using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LoveCard.Security.Tests;

public sealed record CapturedLog(string Service, string Category, LogLevel Level, string Text);
