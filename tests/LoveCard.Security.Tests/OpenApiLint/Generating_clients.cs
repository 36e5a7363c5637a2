using System.Diagnostics;

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
        var root = TestInfrastructure.RepositoryRoot();
        var work = Path.Combine(root, "artifacts", "openapi-clients");
        var docs = Path.Combine(root, "artifacts", "openapi-client-documents");
        if (Directory.Exists(docs))
        {
            Directory.Delete(docs, recursive: true);
        }

        Directory.CreateDirectory(docs);
        foreach (var service in Services.ByName.Keys)
        {
            await File.WriteAllTextAsync(
                Path.Combine(docs, service + ".json"),
                await OpenApiDocuments.GetTextAsync(service)
            );
        }

        var script = Path.Combine(root, "tests", "LoveCard.Security.Tests", "OpenApiLint", "generate.sh");
        var (code, output) = await RunAsync("bash", script, docs, work);
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

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, $"{file} {string.Join(' ', args)}:\n{await stdout}\n{await stderr}");
    }
}
