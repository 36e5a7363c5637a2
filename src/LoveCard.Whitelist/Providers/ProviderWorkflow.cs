using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;

namespace LoveCard.Whitelist.Providers;

/// <summary>
/// The whitelist status workflow (DOMAIN.md §4): applied → whitelisted → suspended ↔ whitelisted →
/// exited, where exited is final. A bureau may exit a whitelisted or a suspended provider (exit after
/// an automatic suspension stays a bureau decision); an applicant that was never admitted is not exited.
/// </summary>
public static class ProviderWorkflow
{
    public const string Whitelist = "whitelist";
    public const string Suspend = "suspend";
    public const string Exit = "exit";

    /// <summary>Reasons written by the service itself, stable so reports can count them.</summary>
    public const string ContractEndedReason = "contract_ended";
    public const string CreditBelowThresholdReason = "credit_below_threshold";

    /// <summary>The status <paramref name="action"/> leads to from the provider's status, or a 409 with a stable
    /// code.</summary>
    public static string Target(ProviderRow provider, string action, DateOnly today)
    {
        var from = provider.Status;
        if (from == ProviderStatuses.Exited)
        {
            throw new ConflictException("provider_exited", "The provider has exited the whitelist; exit is final.");
        }

        switch (action)
        {
            case Whitelist when from == ProviderStatuses.Whitelisted:
                throw new ConflictException("already_whitelisted", "The provider is already whitelisted.");
            case Whitelist when provider.ContractEnd < today:
                // Admitting it would only see the daily job suspend it again: renew the contract first.
                throw new ConflictException(
                    "contract_ended",
                    $"The provider's contract ended on {provider.ContractEnd:yyyy-MM-dd}."
                );
            case Whitelist:
                return ProviderStatuses.Whitelisted;
            case Suspend when from == ProviderStatuses.Suspended:
                throw new ConflictException("already_suspended", "The provider is already suspended.");
            case Suspend when from == ProviderStatuses.Applied:
                throw new ConflictException(
                    "not_whitelisted",
                    "Only a whitelisted provider can be suspended; this one has only applied."
                );
            case Suspend:
                return ProviderStatuses.Suspended;
            case Exit when from == ProviderStatuses.Applied:
                throw new ConflictException(
                    "not_whitelisted",
                    "Only a whitelisted or suspended provider can exit; this one has only applied."
                );
            case Exit:
                return ProviderStatuses.Exited;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown workflow action");
        }
    }
}
