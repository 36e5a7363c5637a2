namespace LoveCard.Console.Api;

/// <summary>
/// The whitelist service: providers and their workflow, items and prices, credit, terminals, care workers.
/// </summary>
public sealed class WhitelistClient(ApiCaller api)
{
    public Task<Paged<Provider>> ProvidersAsync(
        string? county,
        string? status,
        string? type,
        string? creditBand,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<Provider>>(
            Service.Whitelist,
            "api/providers"
                + Query.Of(
                    ("county", county),
                    ("status", status),
                    ("type", type),
                    ("creditBand", creditBand),
                    ("page", page),
                    ("pageSize", pageSize)
                ),
            ct
        );

    public Task<Provider> ProviderAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<Provider>(Service.Whitelist, $"api/providers/{id}", ct);

    public Task<Provider> CreateProviderAsync(ProviderInput input, CancellationToken ct = default) =>
        api.SendAsync<Provider>(Service.Whitelist, HttpMethod.Post, "api/providers", input, ct: ct);

    public Task<IReadOnlyList<StatusStep>> HistoryAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<IReadOnlyList<StatusStep>>(Service.Whitelist, $"api/providers/{id}/status-history", ct);

    /// <summary>
    /// <paramref name="step"/>: <c>whitelist</c>, <c>suspend</c> or <c>exit</c>; every step carries a reason (audited).
    /// </summary>
    public Task<Provider> StepAsync(Guid id, string step, string reason, CancellationToken ct = default) =>
        api.SendAsync<Provider>(
            Service.Whitelist,
            HttpMethod.Post,
            $"api/providers/{id}/{step}",
            new { reason },
            ct: ct
        );

    public Task<ProviderItems> ItemsAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<ProviderItems>(Service.Whitelist, $"api/providers/{id}/items", ct);

    public Task<ProviderItems> SetItemsAsync(
        Guid id,
        IReadOnlyList<ItemPrice> items,
        string? reason,
        CancellationToken ct = default
    ) =>
        api.SendAsync<ProviderItems>(
            Service.Whitelist,
            HttpMethod.Put,
            $"api/providers/{id}/items",
            new { items, reason },
            ct: ct
        );

    public Task<PriceStandards> PriceStandardsAsync(string county, CancellationToken ct = default) =>
        api.GetAsync<PriceStandards>(Service.Whitelist, $"api/counties/{county}/price-standards", ct);

    public Task<Credit> CreditAsync(Guid id, int page, int pageSize, CancellationToken ct = default) =>
        api.GetAsync<Credit>(
            Service.Whitelist,
            $"api/providers/{id}/credit" + Query.Of(("page", page), ("pageSize", pageSize)),
            ct
        );

    public Task BookCreditEventAsync(Guid id, string type, int points, string note, CancellationToken ct = default) =>
        api.SendAsync(
            Service.Whitelist,
            HttpMethod.Post,
            $"api/providers/{id}/credit-events",
            new
            {
                type,
                points,
                note,
            },
            ct
        );

    public Task<IReadOnlyList<TerminalInfo>> TerminalsAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<IReadOnlyList<TerminalInfo>>(Service.Whitelist, $"api/providers/{id}/terminals", ct);

    public Task<TerminalRegistration> RegisterTerminalAsync(
        Guid id,
        string model,
        TimeOnly? opensAt,
        TimeOnly? closesAt,
        CancellationToken ct = default
    ) =>
        api.SendAsync<TerminalRegistration>(
            Service.Whitelist,
            HttpMethod.Post,
            $"api/providers/{id}/terminals",
            new
            {
                model,
                opensAt,
                closesAt,
            },
            ct: ct
        );

    public Task<TerminalRegistration> ReissueCodeAsync(Guid id, string terminalId, CancellationToken ct = default) =>
        api.SendAsync<TerminalRegistration>(
            Service.Whitelist,
            HttpMethod.Post,
            $"api/providers/{id}/terminals/{Uri.EscapeDataString(terminalId)}/activation-code",
            new { },
            ct: ct
        );

    public Task DisableTerminalAsync(Guid id, string terminalId, string reason, CancellationToken ct = default) =>
        api.SendAsync(
            Service.Whitelist,
            HttpMethod.Post,
            $"api/providers/{id}/terminals/{Uri.EscapeDataString(terminalId)}/disable",
            new { reason },
            ct
        );

    public Task<IReadOnlyList<CareWorker>> CareWorkersAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<IReadOnlyList<CareWorker>>(Service.Whitelist, $"api/providers/{id}/care-workers", ct);

    public Task RegisterCareWorkerAsync(
        Guid id,
        string name,
        string certificateNumber,
        string certificateLevel,
        DateOnly validUntil,
        CancellationToken ct = default
    ) =>
        api.SendAsync(
            Service.Whitelist,
            HttpMethod.Post,
            $"api/providers/{id}/care-workers",
            new
            {
                name,
                certificateNumber,
                certificateLevel,
                validUntil,
            },
            ct
        );

    public Task<CareWorkerRatio> CareWorkerRatioAsync(string county, CancellationToken ct = default) =>
        api.GetAsync<CareWorkerRatio>(Service.Whitelist, $"api/counties/{county}/care-worker-ratio", ct);
}
