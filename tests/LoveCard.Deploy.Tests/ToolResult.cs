using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LoveCard.Deploy.Tests;

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr);
