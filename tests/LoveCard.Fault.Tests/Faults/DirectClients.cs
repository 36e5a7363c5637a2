using System.Collections.Concurrent;
using LoveCard.Fault.Tests.Harness;
using LoveCard.Terminal;

namespace LoveCard.Fault.Tests.Faults;

/// <summary>One direct (un-proxied) client per terminal of a scenario, for settling after a fault.</summary>
public sealed class DirectClients(SettlementProcess settlement, FaultWorld.Scenario scenario) : IDisposable
{
    private readonly Dictionary<string, TerminalClient> _clients = scenario.Terminals.ToDictionary(
        t => t.TerminalId,
        t => FaultWorld.Client(settlement.BaseAddress, t)
    );

    public TerminalClient For(string terminalId) => _clients[terminalId];

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
