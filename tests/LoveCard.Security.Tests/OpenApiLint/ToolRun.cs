namespace LoveCard.Security.Tests.OpenApiLint;

/// <summary>How one run of an OpenAPI tool script ended: its exit code and everything it printed.</summary>
public sealed record ToolRun(int ExitCode, string Output);
