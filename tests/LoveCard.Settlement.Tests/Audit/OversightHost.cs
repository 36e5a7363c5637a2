using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Identity;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using MassTransit;

namespace LoveCard.Settlement.Tests.Audit;

/// <summary>Starts the settlement service for an oversight fixture.</summary>
public static class OversightHost
{
    /// <summary>Development, because the service (rightly) refuses the public development keys the test tokens use
    /// otherwise.</summary>
    public static Task<ServiceHost> StartAsync() =>
        ServiceHost.StartAsync(
            SettlementApp.Create,
            new Dictionary<string, string?> { ["environment"] = "Development" }
        );
}
