using System.Globalization;

namespace LoveCard.Terminal.Cli;

internal sealed class UsageException(string message) : Exception(message);
