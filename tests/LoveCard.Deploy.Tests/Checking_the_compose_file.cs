using System.Text.Json.Nodes;

namespace LoveCard.Deploy.Tests;

/// <summary>deploy/compose/compose.yaml, checked by Debian's docker-compose (no Docker engine needed for
/// <c>config</c>).</summary>
public sealed class Checking_the_compose_file
{
    private static readonly string ComposeFile = Path.Combine(Tools.Root, "deploy", "compose", "compose.yaml");
    private static readonly string ExampleEnv = Path.Combine(Tools.Root, "deploy", "compose", ".env.example");

    private JsonObject _config = null!;

    /// <summary>The settings a shell might carry must not make a missing secret look set.</summary>
    private static Dictionary<string, string?> CleanEnvironment() =>
        Environment
            .GetEnvironmentVariables()
            .Keys.Cast<string>()
            .Where(k =>
                k.StartsWith("LOVECARD_", StringComparison.Ordinal)
                || k.StartsWith("COMPOSE_", StringComparison.Ordinal)
            )
            .ToDictionary(k => k, string? (_) => null);

    [OneTimeSetUp]
    public void Resolve()
    {
        // The resolved file: anchors merged, variables substituted from the example .env.
        var result = Tools.Run(
            Tools.DockerCompose,
            ["-f", ComposeFile, "--env-file", ExampleEnv, "config"],
            environment: CleanEnvironment()
        );
        Assert.That(result.ExitCode, Is.Zero, $"docker-compose config failed:\n{result.Stderr}");
        _config = Tools.ParseYaml(result.Stdout).Single()!.AsObject();
    }

    [Test]
    public void Is_valid_for_docker_compose()
    {
        var result = Tools.Run(
            Tools.DockerCompose,
            ["-f", ComposeFile, "--env-file", ExampleEnv, "config", "-q"],
            environment: CleanEnvironment()
        );

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
    }

    [Test]
    public void Refuses_to_run_without_its_secrets()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var result = Tools.Run(
                Tools.DockerCompose,
                ["-f", ComposeFile, "--env-file", empty, "config", "-q"],
                environment: CleanEnvironment()
            );

            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stderr, Does.Contain("LOVECARD_"), "names the missing variable");
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Test]
    public void Runs_postgres_15_rabbitmq_3_and_the_four_services()
    {
        var services = _config["services"]!.AsObject();

        string[] expected = ["postgres", "rabbitmq", .. ServiceSettings.Services];
        Assert.That(services.Select(s => s.Key), Is.EquivalentTo(expected));
        Assert.That((string?)services["postgres"]!["image"], Does.StartWith("postgres:15"));
        Assert.That((string?)services["rabbitmq"]!["image"], Does.StartWith("rabbitmq:3"));
        foreach (var name in ServiceSettings.Services)
        {
            var build = services[name]!["build"]!;
            Assert.That((string?)build["dockerfile"], Does.EndWith("deploy/docker/Dockerfile"), name);
            var serviceArg = (string?)build["args"]!["SERVICE"];
            Assert.That(serviceArg, Is.EqualTo(char.ToUpperInvariant(name[0]) + name[1..]), name);
            Assert.That(
                File.Exists(Path.Combine(Tools.Root, "src", $"LoveCard.{serviceArg}", $"LoveCard.{serviceArg}.csproj")),
                Is.True,
                $"{name}: the project the image builds"
            );
        }
    }

    [Test]
    public void Starts_the_services_once_postgres_and_rabbitmq_are_healthy()
    {
        var services = _config["services"]!.AsObject();

        Assert.That(services["postgres"]!["healthcheck"], Is.Not.Null);
        Assert.That(services["rabbitmq"]!["healthcheck"], Is.Not.Null);
        foreach (var name in ServiceSettings.Services)
        {
            var dependsOn = services[name]!["depends_on"]!.AsObject();
            Assert.That((string?)dependsOn["postgres"]?["condition"], Is.EqualTo("service_healthy"), name);
            Assert.That((string?)dependsOn["rabbitmq"]?["condition"], Is.EqualTo("service_healthy"), name);
            Assert.That(services[name]!["healthcheck"]!["test"]!.ToJsonString(), Does.Contain("/health/ready"), name);
        }
    }

    [TestCaseSource(typeof(ServiceSettings), nameof(ServiceSettings.Services))]
    public void Sets_every_setting_the_service_reads(string service)
    {
        var environment = _config["services"]![service]!["environment"]!.AsObject();

        Assert.That(ServiceSettings.Missing(service, environment.Select(e => e.Key)), Is.Empty);
        Assert.That(
            environment.Where(e => string.IsNullOrWhiteSpace((string?)e.Value)).Select(e => e.Key),
            Is.Empty,
            "no empty values"
        );
        Assert.That(
            (string?)environment["ASPNETCORE_ENVIRONMENT"],
            Is.EqualTo("Production"),
            "Production refuses the development keys"
        );
    }

    [Test]
    public void Gives_the_terminal_master_key_to_settlement_only()
    {
        var services = _config["services"]!.AsObject();

        foreach (var name in ServiceSettings.Services.Where(s => s != "settlement"))
        {
            Assert.That(
                services[name]!["environment"]!.AsObject().Select(e => e.Key),
                Has.None.StartsWith("Terminal__MasterKeys"),
                name
            );
        }
    }
}
