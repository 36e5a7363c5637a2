using Dapper;
using LoveCard.Hosting;
using LoveCard.Hosting.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LoveCard.Platform.Tests;

[TestFixture]
public sealed class Running_migrations
{
    [Test]
    public async Task Two_instances_migrating_at_once_both_succeed_and_apply_each_script_once()
    {
        await TestInfrastructure.EnsureReadyAsync();
        var schema = $"race_{Guid.NewGuid():N}"[..20];
        var service = new ServiceDefinition("probe", schema, 0, typeof(Running_migrations).Assembly);
        var options = new DatabaseOptions { ConnectionString = TestInfrastructure.ConnectionString, Schema = schema };

        var sources = Enumerable
            .Range(0, 4)
            .Select(_ =>
                new NpgsqlDataSourceBuilder(
                    new NpgsqlConnectionStringBuilder(TestInfrastructure.ConnectionString)
                    {
                        SearchPath = schema,
                    }.ConnectionString
                ).Build()
            )
            .ToList();
        try
        {
            var applied = await Task.WhenAll(
                sources.Select(source =>
                    new Migrator(source, options, service, NullLogger<Migrator>.Instance).MigrateAsync(
                        CancellationToken.None
                    )
                )
            );

            await using var connection = await sources[0].OpenConnectionAsync();
            var journal = (
                await connection.QueryAsync<string>($"SELECT id FROM {schema}.schema_migrations ORDER BY id")
            ).AsList();
            Assert.Multiple(() =>
            {
                Assert.That(
                    journal,
                    Is.EqualTo(
                        new[]
                        {
                            "platform/001_platform.sql",
                            "platform/002_outbox_without_notify.sql",
                            "platform/003_outbox_json_body.sql",
                            "platform/004_read_model_sync.sql",
                            "platform/010_outbox_trace_parent.sql",
                            "platform/120_county_register.sql",
                            "probe/001_probe.sql",
                        }
                    )
                );
                Assert.That(
                    applied.Sum(),
                    Is.EqualTo(journal.Count),
                    "each script applied by exactly one of the instances"
                );
                Assert.That(applied.Count(a => a == 0), Is.EqualTo(3), "the others found everything applied");
            });
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task A_landed_script_that_was_edited_stops_the_start_up()
    {
        await TestInfrastructure.EnsureReadyAsync();
        var schema = $"edit_{Guid.NewGuid():N}"[..20];
        var service = new ServiceDefinition("probe", schema, 0, typeof(Running_migrations).Assembly);
        var options = new DatabaseOptions { ConnectionString = TestInfrastructure.ConnectionString, Schema = schema };
        await using var source = new NpgsqlDataSourceBuilder(
            new NpgsqlConnectionStringBuilder(TestInfrastructure.ConnectionString)
            {
                SearchPath = schema,
            }.ConnectionString
        ).Build();
        var migrator = new Migrator(source, options, service, NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(CancellationToken.None);

        await using (var connection = await source.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                $"UPDATE {schema}.schema_migrations SET checksum = 'edited' WHERE id = 'probe/001_probe.sql'"
            );
        }

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("probe/001_probe.sql"));
    }
}
