using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LoveCard.Deploy.Tests;

/// <summary>
/// The real tools, found on PATH or installed from Debian once per test run: Debian's
/// <c>docker-compose</c> (1.29) for <c>config</c>, <c>kubectl</c> (Debian's <c>kubernetes-client</c>
/// when none is installed) for <c>kustomize</c>, and PyYAML to read YAML (no YAML parser in .NET's
/// box, and the central package list is not ours to extend). When a tool cannot be had the tests
/// fail, naming the package: a structural check alone would pass files the real tools refuse.
/// </summary>
public static class Tools
{
    private static readonly Lazy<string> DockerComposePath = new(() =>
        Ensure("docker-compose", "docker-compose", "version")
    );
    private static readonly Lazy<string> KubectlPath = new(() =>
        Ensure("kubectl", "kubernetes-client", "kustomize", "--help")
    );
    private static readonly Lazy<string> PythonPath = new(EnsurePyYaml);

    public static string Root { get; } = FindRoot();

    public static string DockerCompose => DockerComposePath.Value;

    public static string Kubectl => KubectlPath.Value;

    public static ToolResult Run(
        string file,
        IEnumerable<string> args,
        string? stdin = null,
        IDictionary<string, string?>? environment = null,
        int timeoutSeconds = 120
    )
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} took more than {timeoutSeconds} s.");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Every YAML document of <paramref name="yaml"/> as JSON (PyYAML's safe loader: merge keys resolved, no
    /// tags executed).</summary>
    public static JsonArray ParseYaml(string yaml)
    {
        const string script =
            "import sys, json, yaml\njson.dump([d for d in yaml.safe_load_all(sys.stdin) if d is not None], "
            + "sys.stdout, default=str)";
        var result = Run(PythonPath.Value, ["-c", script], stdin: yaml);
        if (result.ExitCode != 0)
        {
            throw new InvalidDataException($"Not valid YAML: {result.Stderr}");
        }

        return JsonNode.Parse(result.Stdout)!.AsArray();
    }

    private static string Ensure(string command, string debianPackage, params string[] probe)
    {
        if (Works(command, probe))
        {
            return command;
        }

        var policy = TryRun("apt-cache", ["policy", debianPackage]);
        if (policy is null || !HasCandidate(policy.Stdout))
        {
            TryRun("apt-get", ["update", "-qq"], timeoutSeconds: 300);
            policy = TryRun("apt-cache", ["policy", debianPackage]);
        }

        if (policy is not null && HasCandidate(policy.Stdout))
        {
            var install = TryRun(
                "apt-get",
                ["install", "-y", "-qq", "--no-install-recommends", debianPackage],
                new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" },
                timeoutSeconds: 600
            );
            TestContext.Progress.WriteLine($"apt-get install {debianPackage}: exit {install?.ExitCode}");
        }

        if (Works(command, probe))
        {
            return command;
        }

        throw new InvalidOperationException(
            $"{command} is not available and Debian's {debianPackage} could not be installed; run `apt-get install -y "
                + $"{debianPackage}`."
        );
    }

    private static bool HasCandidate(string policy) =>
        policy.Contains("Candidate:", StringComparison.Ordinal)
        && !policy.Contains("Candidate: (none)", StringComparison.Ordinal);

    private static bool Works(string command, string[] probe) => TryRun(command, probe) is { ExitCode: 0 };

    private static ToolResult? TryRun(
        string file,
        string[] args,
        IDictionary<string, string?>? environment = null,
        int timeoutSeconds = 60
    )
    {
        try
        {
            return Run(file, args, environment: environment, timeoutSeconds: timeoutSeconds);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }

    private static string EnsurePyYaml()
    {
        // Debian's python3 first: docker-compose brings python3-yaml into it.
        string[] candidates = File.Exists("/usr/bin/python3") ? ["/usr/bin/python3", "python3"] : ["python3"];
        foreach (var python in candidates)
        {
            if (Works(python, ["-c", "import yaml"]))
            {
                return python;
            }
        }

        TryRun(
            "apt-get",
            ["install", "-y", "-qq", "--no-install-recommends", "python3-yaml"],
            new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" },
            timeoutSeconds: 600
        );
        foreach (var python in candidates)
        {
            if (Works(python, ["-c", "import yaml"]))
            {
                return python;
            }
        }

        throw new InvalidOperationException(
            "No python3 with PyYAML, and Debian's python3-yaml could not be installed: the deploy files cannot be read."
        );
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoveCard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LoveCard.sln not found above the test directory.");
    }
}
