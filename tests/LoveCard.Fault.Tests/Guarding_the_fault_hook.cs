using LoveCard.Settlement.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace LoveCard.Fault.Tests;

/// <summary>The crash switch F3 uses exists only outside Production, whatever the configuration says.</summary>
public sealed class Guarding_the_fault_hook
{
    private static TerminalOptions Options(string environment) =>
        TerminalOptions.From(
            new ConfigurationBuilder()
                .AddInMemoryCollection([new("Terminal:FaultInjection:CrashAfterCommit", "crash-")])
                .Build(),
            new HostingEnvironment { EnvironmentName = environment }
        );

    [Test]
    public void Is_ignored_in_Production() =>
        Assert.That(Options(Environments.Production).FaultInjection.CrashAfterCommit, Is.Null);

    [Test]
    public void Is_honoured_in_Development() =>
        Assert.That(Options(Environments.Development).FaultInjection.CrashAfterCommit, Is.EqualTo("crash-"));

    [Test]
    public void Is_off_when_no_environment_is_known() =>
        Assert.That(
            TerminalOptions
                .From(
                    new ConfigurationBuilder()
                        .AddInMemoryCollection([new("Terminal:FaultInjection:CrashAfterCommit", "crash-")])
                        .Build()
                )
                .FaultInjection.CrashAfterCommit,
            Is.Null
        );
}
