using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LoveCard.Deploy.Tests;

/// <summary>deploy/docker/Dockerfile, read as text (no Docker engine runs here to build it).</summary>
public sealed partial class Checking_the_dockerfile
{
    private static readonly string Dockerfile = File.ReadAllText(
        Path.Combine(Tools.Root, "deploy", "docker", "Dockerfile")
    );

    private static IEnumerable<string> Instructions(string keyword) =>
        Regex
            .Replace(Dockerfile, @"\\\r?\n", " ")
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith(keyword + " ", StringComparison.OrdinalIgnoreCase));

    [Test]
    public void Runs_on_the_aspnet_10_image_as_a_non_root_user()
    {
        var stages = Instructions("FROM").ToArray();

        Assert.That(stages.Last(), Does.StartWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0"));
        Assert.That(
            stages.First(),
            Does.StartWith("FROM mcr.microsoft.com/dotnet/sdk:10.0"),
            "built in a separate stage"
        );
        var user = Instructions("USER").LastOrDefault();
        Assert.That(user, Is.Not.Null, "a USER instruction");
        Assert.That(user, Does.Not.Match(@"USER\s+(root|0)\b"));
    }

    [Test]
    public void Checks_health_on_the_readiness_endpoint()
    {
        Assert.That(Instructions("HEALTHCHECK").Single(), Does.Contain("/health/ready"));
    }

    [Test]
    public void Listens_beyond_loopback()
    {
        Assert.That(Instructions("ENV").Single(), Does.Match(@"ASPNETCORE_URLS=http://(\+|\*|0\.0\.0\.0):8080"));
    }

    [Test]
    public void Publishes_ready_to_run_code_for_the_runtime_it_restored_for()
    {
        // ADR 0058: the image carries ReadyToRun code; a publish for a runtime the restore did not prepare fails, and
        // one without the runtime's crossgen pack restored fails too.
        var restore = Instructions("RUN").Single(r => r.Contains("dotnet restore", StringComparison.Ordinal));
        var publish = Instructions("RUN").Single(r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.That(Dockerfile, Does.Match(@"(?m)^ARG READY_TO_RUN=true\s*$"));
        Assert.That(Dockerfile, Does.Match(@"(?m)^ARG RID=linux-x64\s*$"));
        foreach (var step in new[] { restore, publish })
        {
            Assert.That(step, Does.Contain("-r ${RID}").And.Contain("-p:PublishReadyToRun=${READY_TO_RUN}"), step);
        }

        Assert.That(publish, Does.Contain("--no-restore").And.Contain("--self-contained false"));
    }

    [TestCaseSource(typeof(ServiceSettings), nameof(ServiceSettings.Services))]
    public void Copies_every_project_the_service_builds_from(string service)
    {
        // The restore layer copies project files one by one: a new project reference would break the build.
        var project = "LoveCard." + char.ToUpperInvariant(service[0]) + service[1..];
        var copied = Instructions("COPY")
            .Select(c => CopiedProject().Match(c))
            .Where(m => m.Success)
            .Select(m =>
                m.Groups["project"]
                    .Value.Replace(
                        "${SERVICE}",
                        service[..1].ToUpperInvariant() + service[1..],
                        StringComparison.Ordinal
                    )
            )
            .ToHashSet();

        Assert.That(References(project), Is.SubsetOf(copied));
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.That(File.Exists(Path.Combine(Tools.Root, file)), Is.True, file);
            Assert.That(Dockerfile, Does.Contain(file));
        }
    }

    /// <summary>The project and every project it references, transitively.</summary>
    private static HashSet<string> References(string project)
    {
        var all = new HashSet<string> { project };
        var csproj = XDocument.Load(Path.Combine(Tools.Root, "src", project, project + ".csproj"));
        foreach (var reference in csproj.Descendants("ProjectReference"))
        {
            var name = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
            all.UnionWith(References(name));
        }

        return all;
    }

    [GeneratedRegex(@"^COPY\s+src/(?<project>[^/\s]+)/")]
    private static partial Regex CopiedProject();
}
