using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Jobs;

namespace LoveCard.Whitelist.Providers;

/// <summary>
/// Daily: a whitelisted provider whose contract period ended (its last day is before today,
/// Asia/Shanghai) is suspended with the reason <c>contract_ended</c> (issue 5, DOMAIN.md §4). Each
/// provider is its own transaction, so one failure does not hold back the rest.
/// </summary>
public sealed class ContractEndJob(ProviderStore store, ILogger<ContractEndJob> logger) : IScheduledJob
{
    public const string JobName = "provider-contract-end";

    public string Name => JobName;

    // Just after midnight, so a contract's last day is served in full.
    public JobSchedule Schedule => JobSchedule.DailyAt(new TimeOnly(0, 10));

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = Shanghai.Today(now);
        var suspended = 0;
        foreach (var id in await store.ContractEndedAsync(today, ct))
        {
            if (await store.SuspendForContractEndAsync(id, today, Actor.Job(JobName), ct))
            {
                suspended++;
            }
        }

        logger.LogInformation("Suspended {Count} providers whose contract ended before {Today}", suspended, today);
    }
}
