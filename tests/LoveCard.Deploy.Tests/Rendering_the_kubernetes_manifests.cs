using System.Globalization;
using System.Text.Json.Nodes;

namespace LoveCard.Deploy.Tests;

/// <summary>deploy/k8s, rendered by <c>kubectl kustomize</c> (offline) and checked object by object.</summary>
public sealed class Rendering_the_kubernetes_manifests
{
    private static readonly string K8s = Path.Combine(Tools.Root, "deploy", "k8s");

    private JsonObject[] _objects = null!;

    [OneTimeSetUp]
    public void Render()
    {
        var result = Tools.Run(Tools.Kubectl, ["kustomize", K8s]);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl kustomize failed:\n{result.Stderr}");
        _objects = Tools.ParseYaml(result.Stdout).Select(o => o!.AsObject()).ToArray();
    }

    private IEnumerable<JsonObject> OfKind(string kind) => _objects.Where(o => (string?)o["kind"] == kind);

    private JsonObject Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => (string?)o["metadata"]!["name"] == name)
        ?? throw new AssertionException($"no {kind} {name}");

    [Test]
    public void Puts_everything_in_the_lovecard_namespace()
    {
        Assert.That(Named("Namespace", "lovecard"), Is.Not.Null);
        Assert.That(
            _objects.Where(o => (string?)o["kind"] != "Namespace").Select(o => (string?)o["metadata"]!["namespace"]),
            Has.All.EqualTo("lovecard")
        );
    }

    private static readonly string[] Applications = [.. ServiceSettings.Services, "identity", "console"];

    [Test]
    public void Has_a_deployment_and_a_service_per_application_and_pgbouncer()
    {
        Assert.That(
            OfKind("Deployment").Select(d => (string?)d["metadata"]!["name"]),
            Is.EquivalentTo(Applications.Append("pgbouncer"))
        );
        foreach (var name in Applications)
        {
            var service = Named("Service", name);
            var deployment = Named("Deployment", name);
            var podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            Assert.That(
                service["spec"]!["selector"]!.AsObject().All(s => (string?)podLabels[s.Key] == (string?)s.Value),
                Is.True,
                $"{name}: the Service selects the pods"
            );
            Assert.That(
                (string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"],
                Does.StartWith($"lovecard/{name}")
            );
        }
    }

    [Test]
    public void Every_deployment_has_readiness_and_liveness_probes()
    {
        // LoveCard's own applications; PgBouncer is probed on its TCP port.
        var deployments = OfKind("Deployment")
            .Where(d => Applications.Contains((string?)d["metadata"]!["name"]))
            .ToArray();
        Assert.That(deployments, Has.Length.EqualTo(Applications.Length));
        foreach (var deployment in deployments)
        {
            foreach (var container in deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())
            {
                var name = $"{deployment["metadata"]!["name"]}/{container!["name"]}";
                Assert.That(
                    (string?)container["readinessProbe"]?["httpGet"]?["path"],
                    Is.EqualTo("/health/ready"),
                    name
                );
                Assert.That((string?)container["livenessProbe"]?["httpGet"]?["path"], Is.EqualTo("/health/live"), name);
            }
        }
    }

    [Test]
    public void Requests_resources_that_fit_two_core_nodes()
    {
        foreach (var deployment in OfKind("Deployment").Concat(OfKind("StatefulSet")))
        {
            foreach (var container in deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())
            {
                var name = $"{deployment["metadata"]!["name"]}/{container!["name"]}";
                var requests = container["resources"]?["requests"];
                Assert.That(requests?["cpu"], Is.Not.Null, $"{name}: CPU request");
                Assert.That(requests?["memory"], Is.Not.Null, $"{name}: memory request");
                Assert.That(container["resources"]?["limits"]?["memory"], Is.Not.Null, $"{name}: memory limit");
                Assert.That(
                    MilliCores((string)requests!["cpu"]!),
                    Is.LessThanOrEqualTo(1000),
                    $"{name}: at most half a 2-core node"
                );
            }
        }
    }

    private static int MilliCores(string cpu) =>
        cpu.EndsWith('m')
            ? int.Parse(cpu[..^1], CultureInfo.InvariantCulture)
            : (int)(double.Parse(cpu, CultureInfo.InvariantCulture) * 1000);

    [Test]
    public void Scales_settlement_with_a_horizontal_pod_autoscaler()
    {
        var hpa = Named("HorizontalPodAutoscaler", "settlement");

        Assert.That((string?)hpa["spec"]!["scaleTargetRef"]!["kind"], Is.EqualTo("Deployment"));
        Assert.That((string?)hpa["spec"]!["scaleTargetRef"]!["name"], Is.EqualTo("settlement"));
        Assert.That(
            (int)hpa["spec"]!["minReplicas"]!,
            Is.GreaterThanOrEqualTo(2),
            "one pod is a single point of failure"
        );
        Assert.That((int)hpa["spec"]!["maxReplicas"]!, Is.GreaterThan((int)hpa["spec"]!["minReplicas"]!));
    }

    [Test]
    public void Runs_rabbitmq_as_a_three_node_cluster_with_quorum_queues_by_default()
    {
        var rabbit = Named("StatefulSet", "rabbitmq");
        var config = Named("ConfigMap", "rabbitmq-config");

        Assert.That((int)rabbit["spec"]!["replicas"]!, Is.EqualTo(3));
        Assert.That(
            (string?)config["data"]!["rabbitmq.conf"],
            Does.Match(@"(?m)^\s*default_queue_type\s*=\s*quorum\s*$")
        );
        Assert.That((string?)config["data"]!["rabbitmq.conf"], Does.Contain("peer_discovery_backend"));
        Assert.That((string?)config["data"]!["enabled_plugins"], Does.Contain("rabbitmq_peer_discovery_k8s"));
        Assert.That(
            Named("Service", "rabbitmq-headless")["spec"]!["clusterIP"]!.GetValue<string>(),
            Is.EqualTo("None")
        );
        Assert.That((string?)rabbit["spec"]!["serviceName"], Is.EqualTo("rabbitmq-headless"));
        var busHost = (string?)Named("ConfigMap", "lovecard-config")["data"]!["Bus__Host"];
        Assert.That(Named("Service", busHost!), Is.Not.Null, "the services' Bus__Host is a Service");
    }

    [Test]
    public void Pins_every_image_to_a_tag_that_does_not_move()
    {
        var images = _objects
            .SelectMany(o => o.ToJsonString().Split("\"image\":\"").Skip(1).Select(t => t[..t.IndexOf('"')]))
            .ToArray();

        Assert.That(images, Has.Length.GreaterThanOrEqualTo(Applications.Length + 3));
        Assert.That(images.Where(i => !i.Contains(':') || i.EndsWith(":latest", StringComparison.Ordinal)), Is.Empty);
        Assert.That(
            images.Where(i => i.StartsWith("rabbitmq:", StringComparison.Ordinal)),
            Has.All.Match(@"^rabbitmq:3\.\d+\.\d+$"),
            "a patch release, not a moving minor tag"
        );
        Assert.That(
            images.Where(i => i.StartsWith("postgres:", StringComparison.Ordinal)),
            Has.All.Match(@"^postgres:15\.\d+$"),
            "a minor release of 15, not the moving major tag"
        );
    }

    [Test]
    public void Lets_people_in_through_one_ingress_with_tls_for_every_host()
    {
        var ingress = Named("Ingress", "lovecard")["spec"]!;
        var hosts = ingress["rules"]!.AsArray().Select(r => (string)r!["host"]!).ToArray();
        var tls = ingress["tls"]!.AsArray().SelectMany(t => t!["hosts"]!.AsArray().Select(h => (string)h!)).ToArray();
        var backends = ingress["rules"]!
            .AsArray()
            .SelectMany(r => r!["http"]!["paths"]!.AsArray().Select(p => (string)p!["backend"]!["service"]!["name"]!))
            .ToHashSet();

        Assert.That(tls, Is.SupersetOf(hosts), "every host served over TLS");
        Assert.That(backends, Is.EquivalentTo(Applications), "each application reachable, nothing else");
    }

    [Test]
    public void Denies_ingress_to_every_pod_unless_a_policy_allows_it()
    {
        var deny = Named("NetworkPolicy", "default-deny-ingress")["spec"]!;
        var monitoring = Named("NetworkPolicy", "from-monitoring")["spec"]!;

        Assert.That(deny["podSelector"]!.AsObject(), Is.Empty, "every pod of the namespace");
        Assert.That(deny["ingress"], Is.Null, "and no rule lets anything in");
        Assert.That(monitoring["ingress"]![0]!["ports"]!.AsArray().Select(p => (int)p!["port"]!), Does.Contain(9090));
    }

    [Test]
    public void Serves_metrics_on_the_management_port_and_believes_forwarded_addresses_from_the_ingress_only()
    {
        var config = Named("ConfigMap", "lovecard-config")["data"]!;

        Assert.That((string?)config["Management__Urls"], Is.EqualTo("http://+:9090"));
        Assert.That((string?)config["ForwardedHeaders__KnownNetworks"], Is.Not.Empty);
        foreach (var name in ServiceSettings.Services.Append("identity"))
        {
            var template = Named("Deployment", name)["spec"]!["template"]!;
            var ports = template["spec"]!["containers"]![0]!["ports"]!.AsArray().Select(p => (int)p!["containerPort"]!);
            Assert.That(ports, Does.Contain(9090), name);
            Assert.That((string?)template["metadata"]!["annotations"]!["prometheus.io/port"], Is.EqualTo("9090"), name);
        }
    }

    [Test]
    public void Runs_each_services_migrations_in_a_job_and_the_services_only_wait_for_them()
    {
        var config = Named("ConfigMap", "lovecard-config")["data"]!;
        Assert.That(
            (string?)config["Database__MigrateAtStart"],
            Is.EqualTo("false"),
            "the services do not migrate at start in the cluster (ADR 0029)"
        );
        foreach (var name in Applications.Where(a => a != "console"))
        {
            var job = Named("Job", $"migrate-{name}");
            var pod = job["spec"]!["template"]!["spec"]!;
            var container = pod["containers"]![0]!;
            var deployed = Named("Deployment", name)["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Assert.Multiple(() =>
            {
                Assert.That((string?)pod["restartPolicy"], Is.EqualTo("Never"), name);
                Assert.That((string?)container["image"], Is.EqualTo((string?)deployed["image"]), $"{name}: its image");
                Assert.That(container["args"]!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "migrate" }));
                Assert.That(
                    container["envFrom"]!.ToJsonString(),
                    Is.EqualTo(deployed["envFrom"]!.ToJsonString()),
                    $"{name}: the same settings and secrets as the service"
                );
                Assert.That(job["spec"]!["ttlSecondsAfterFinished"], Is.Not.Null, $"{name}: deleted once done");
                Assert.That(container["resources"]?["limits"]?["memory"], Is.Not.Null, name);
            });
        }
    }

    [Test]
    public void Backs_up_the_database_every_night_to_its_own_volume()
    {
        var spec = Named("CronJob", "postgres-base-backup")["spec"]!;
        var pod = spec["jobTemplate"]!["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;

        Assert.That((string?)spec["concurrencyPolicy"], Is.EqualTo("Forbid"), "never two backups at once");
        Assert.That((string?)container["image"], Does.Match(@"^postgres:15\.\d+$"), "a pinned PostgreSQL 15 image");
        Assert.That(container["args"]!.ToJsonString(), Does.Contain("pg_basebackup").And.Contain("--wal-method=fetch"));
        var claim = (string)pod["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]!;
        Assert.That(Named("PersistentVolumeClaim", claim), Is.Not.Null);
    }

    [Test]
    public void Keeps_placeholders_not_keys_in_the_secrets()
    {
        foreach (var secret in OfKind("Secret"))
        {
            Assert.That(
                secret["data"],
                Is.Null,
                $"{secret["metadata"]!["name"]}: base64 data would hide what it holds"
            );
            foreach (var (key, value) in secret["stringData"]!.AsObject())
            {
                Assert.That((string?)value, Does.Contain("CHANGE-ME"), $"{secret["metadata"]!["name"]}/{key}");
            }
        }
    }

    [TestCaseSource(typeof(ServiceSettings), nameof(ServiceSettings.Services))]
    public void Gives_the_service_every_setting_it_reads(string service)
    {
        var container = Named("Deployment", service)["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var keys = new List<string>();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            if (source!["configMapRef"] is { } configMap)
            {
                keys.AddRange(Named("ConfigMap", (string)configMap["name"]!)["data"]!.AsObject().Select(d => d.Key));
            }

            if (source["secretRef"] is { } secret)
            {
                keys.AddRange(Named("Secret", (string)secret["name"]!)["stringData"]!.AsObject().Select(d => d.Key));
            }
        }

        keys.AddRange((container["env"]?.AsArray() ?? []).Select(e => (string)e!["name"]!));

        Assert.That(ServiceSettings.Missing(service, keys), Is.Empty);
        Assert.That(
            keys.Any(k => ServiceSettings.ToKey(k).StartsWith("Terminal:MasterKeys:", StringComparison.Ordinal)),
            Is.EqualTo(service == "settlement"),
            "only settlement holds the terminal master key"
        );
    }

    [Test]
    public void Notes_how_postgresql_is_partitioned_or_distributed_by_county()
    {
        var note = File.ReadAllText(Path.Combine(K8s, "postgres.md"));

        Assert.That(note, Does.Contain("PARTITION BY LIST").And.Contain("PARTITION BY RANGE"));
        Assert.That(note, Does.Contain("create_distributed_table"));
        Assert.That(note, Does.Contain("purchases").And.Contain("postings"));
    }
}
