namespace LoveCard.Security.Tests.OpenApiLint;

/// <summary>
/// A client generator trusts each service's live <c>/openapi/v1.json</c> (ADR 0033): Kiota generates a
/// C# client and openapi-typescript TypeScript types from every document, and both compile (the C#
/// against the Microsoft.Kiota packages, the TypeScript with <c>tsc --strict</c>). The tools are the
/// pinned ones of <c>tools/openapi</c>, installed by <c>install.sh</c>; a missing tool fails the test.
/// </summary>
public sealed class Generating_clients
{
    [Test]
    public async Task Kiota_and_openapi_typescript_generate_clients_that_compile_from_every_document()
    {
        var work = ToolRuns.ClientWork;
        // Started beside the other tests as soon as the services answered (ADR 0053).
        var (code, output) = await ToolRuns.Generate;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            foreach (var service in Services.ByName.Keys)
            {
                var name = char.ToUpperInvariant(service[0]) + service[1..];
                Assert.That(
                    File.Exists(Path.Combine(work, "csharp", name, name + "Client.cs")),
                    Is.True,
                    service + ": C# client"
                );
                Assert.That(
                    File.Exists(Path.Combine(work, "typescript", service + ".ts")),
                    Is.True,
                    service + ": TypeScript types"
                );
            }
        });
    }
}
