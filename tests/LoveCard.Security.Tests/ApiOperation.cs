using System.Text.Json.Nodes;

namespace LoveCard.Security.Tests;

/// <summary>One operation of a service's live OpenAPI document.</summary>
public sealed record ApiOperation(
    string Service,
    string Method,
    string Path,
    bool HasBody,
    IReadOnlyList<string> QueryParameters
)
{
    public override string ToString() => $"{Service} {Method} {Path}";
}
