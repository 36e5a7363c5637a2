using LoveCard.Settlement.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace LoveCard.Settlement.Tests.Terminals;

/// <summary>The master key configuration: a public development default that Production refuses.</summary>
public sealed class Configuring_the_master_keys
{
    private static TerminalOptions Options(params (string Key, string Value)[] settings) =>
        TerminalOptions.From(
            new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
                .Build()
        );

    private static IHostEnvironment Environment(string name) => new HostingEnvironment { EnvironmentName = name };

    [Test]
    public void Refuses_the_development_master_key_in_Production()
    {
        var options = Options();

        Assert.Multiple(() =>
        {
            Assert.That(
                () => options.ThrowIfUnsafeFor(Environment(Environments.Production)),
                Throws.InvalidOperationException
            );
            Assert.That(() => options.ThrowIfUnsafeFor(Environment(Environments.Development)), Throws.Nothing);
        });
    }

    [Test]
    public void Accepts_a_configured_master_key_in_Production_and_derives_with_the_current_id()
    {
        var master = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var options = Options(("Terminal:MasterKeys:mk2", master), ("Terminal:CurrentMasterKeyId", "mk2"));

        var keys = new TerminalKeys(options);

        Assert.Multiple(() =>
        {
            Assert.That(() => options.ThrowIfUnsafeFor(Environment(Environments.Production)), Throws.Nothing);
            Assert.That(keys.CurrentMasterKeyId, Is.EqualTo("mk2"));
            Assert.That(
                keys.For("mk2", "T-1", 1),
                Is.EqualTo(TerminalKeys.Derive(Convert.FromBase64String(master), "T-1", 1))
            );
            Assert.That(keys.For("dev", "T-1", 1), Is.Null, "a master key id no longer configured derives nothing");
        });
    }

    [Test]
    public void Refuses_a_master_key_that_is_not_32_bytes_or_a_current_id_without_a_key()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                () =>
                    new TerminalKeys(
                        Options(
                            ("Terminal:MasterKeys:short", Convert.ToBase64String(new byte[16])),
                            ("Terminal:CurrentMasterKeyId", "short")
                        )
                    ),
                Throws.InvalidOperationException
            );
            Assert.That(
                () => new TerminalKeys(Options(("Terminal:CurrentMasterKeyId", "missing"))),
                Throws.InvalidOperationException
            );
        });
    }
}
