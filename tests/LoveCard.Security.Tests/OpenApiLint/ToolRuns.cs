using System.Diagnostics;

namespace LoveCard.Security.Tests.OpenApiLint;

/// <summary>
/// The two runs of the OpenAPI tools over the five live documents: <c>lint.sh</c> (Spectral, Redocly) and
/// <c>generate.sh</c> (Kiota, openapi-typescript, then both clients compiled). They were most of this
/// project's time and need nothing but the documents, so <see cref="Services"/> starts both, side by side, as
/// soon as the services answer, and the other tests run meanwhile; <see cref="Linting_the_api_documents"/> and
/// <see cref="Generating_clients"/> await their run and judge its output as before (ADR 0053). The documents
/// are the ones every test reads (<see cref="OpenApiDocuments"/> fetches each once).
/// </summary>
public static class ToolRuns
{
    private static readonly object Gate = new();
    private static readonly CancellationTokenSource Stopping = new();
    private static Task<ToolRun>? _install;
    private static Task<ToolRun>? _lint;
    private static Task<ToolRun>? _generate;

    private static string Root => TestInfrastructure.RepositoryRoot();

    /// <summary>Cleared before the lint run; holds <see cref="LintDocuments"/> and <see cref="LintResults"/>.</summary>
    public static string LintWork => Path.Combine(Root, "artifacts", "security", "openapi-lint-run");

    public static string LintDocuments => Path.Combine(LintWork, "documents");

    public static string LintResults => Path.Combine(LintWork, "results");

    public static string ClientDocuments => Path.Combine(Root, "artifacts", "openapi-client-documents");

    public static string ClientWork => Path.Combine(Root, "artifacts", "openapi-clients");

    /// <summary>Starts both runs (once); the tests' first await would start them too.</summary>
    public static void Start()
    {
        _ = Lint;
        _ = Generate;
    }

    public static Task<ToolRun> Lint
    {
        get
        {
            lock (Gate)
            {
                return _lint ??= Task.Run(() => RunAsync("lint.sh", LintWork, LintDocuments, LintResults));
            }
        }
    }

    public static Task<ToolRun> Generate
    {
        get
        {
            lock (Gate)
            {
                return _generate ??= Task.Run(() =>
                    RunAsync("generate.sh", ClientDocuments, ClientDocuments, ClientWork)
                );
            }
        }
    }

    /// <summary>Stops the runs no test awaited (a filtered run), so no tool outlives the services.</summary>
    public static async Task StopAsync()
    {
        await Stopping.CancelAsync();
        foreach (var run in new[] { _install, _lint, _generate })
        {
            try
            {
                await (run ?? Task.FromResult(new ToolRun(0, "")));
            }
            catch (Exception e)
            {
                // A failed run already failed the test that awaited it; unawaited, it judged nothing.
                await TestContext.Progress.WriteLineAsync($"OpenAPI tool run ended with {e.GetType().Name}");
            }
        }
    }

    /// <summary>Installs the tools once (both scripts would otherwise install them at the same time on a fresh
    /// clone), writes the documents into a cleared <paramref name="fresh"/> and runs the script.</summary>
    private static async Task<ToolRun> RunAsync(string script, string fresh, string documents, string output)
    {
        Task<ToolRun> install;
        lock (Gate)
        {
            install = _install ??= Task.Run(() => ScriptAsync("install.sh"));
        }

        if (await install is { ExitCode: not 0 } failed)
        {
            return failed;
        }

        if (Directory.Exists(fresh))
        {
            Directory.Delete(fresh, recursive: true);
        }

        Directory.CreateDirectory(documents);
        foreach (var service in Services.ByName.Keys)
        {
            await File.WriteAllTextAsync(
                Path.Combine(documents, service + ".json"),
                await OpenApiDocuments.GetTextAsync(service)
            );
        }

        return await ScriptAsync(script, documents, output);
    }

    private static async Task<ToolRun> ScriptAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Root, "tests", "LoveCard.Security.Tests", "OpenApiLint", script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync(Stopping.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new ToolRun(process.ExitCode, $"{script} {string.Join(' ', args)}:\n{await stdout}\n{await stderr}");
    }
}
