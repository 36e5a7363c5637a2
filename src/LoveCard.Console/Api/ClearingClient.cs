namespace LoveCard.Console.Api;

/// <summary>
/// Settlement's clearing: closing a month, payouts and their bank status, the netting between counties.
/// </summary>
public sealed class ClearingClient(ApiCaller api)
{
    public Task<Clearing> GetAsync(string period, string county, CancellationToken ct = default) =>
        api.GetAsync<Clearing>(Service.Settlement, $"api/clearing/{period}" + Query.Of(("county", county)), ct);

    public Task<Clearing> CloseAsync(string period, string county, CancellationToken ct = default) =>
        api.SendAsync<Clearing>(
            Service.Settlement,
            HttpMethod.Post,
            $"api/clearing/{period}/close" + Query.Of(("county", county)),
            ct: ct
        );

    public Task<Payout> SetPayoutStatusAsync(
        string period,
        string county,
        Guid providerId,
        string status,
        string? note,
        CancellationToken ct = default
    ) =>
        api.SendAsync<Payout>(
            Service.Settlement,
            HttpMethod.Post,
            $"api/clearing/{period}/payouts/{providerId}/status" + Query.Of(("county", county)),
            new { status, note },
            ct: ct
        );

    /// <summary>Records that the bureau paid a payout, with the bank's reference and the day (idempotent).</summary>
    public Task<ProviderPayout> RecordPaymentAsync(
        string period,
        string county,
        Guid providerId,
        string bankReference,
        DateOnly paidOn,
        CancellationToken ct = default
    ) =>
        api.SendAsync<ProviderPayout>(
            Service.Settlement,
            HttpMethod.Put,
            $"api/clearing/{period}/payouts/{providerId}/payment" + Query.Of(("county", county)),
            new
            {
                bankReference,
                paidOn = paidOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            },
            ct: ct
        );

    /// <summary>A provider's own payouts over the closed periods (newest first), with netting and payment.</summary>
    public Task<Paged<ProviderPayout>> ProviderPayoutsAsync(
        Guid providerId,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<ProviderPayout>>(
            Service.Settlement,
            $"api/providers/{providerId}/payouts" + Query.Of(("page", page), ("pageSize", pageSize)),
            ct
        );
}
