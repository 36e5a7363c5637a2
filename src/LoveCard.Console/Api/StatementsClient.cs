namespace LoveCard.Console.Api;

/// <summary>Settlement's statements, county summaries, disputes and reconciliation.</summary>
public sealed class StatementsClient(ApiCaller api)
{
    public Task<Statement> ProviderStatementAsync(
        Guid providerId,
        string? period,
        string? date,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Statement>(
            Service.Settlement,
            $"api/statements/providers/{providerId}"
                + Query.Of(("period", period), ("date", date), ("page", page), ("pageSize", pageSize)),
            ct
        );

    public Task<Statement> ElderStatementAsync(
        Guid elderId,
        string period,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Statement>(
            Service.Settlement,
            $"api/statements/elders/{elderId}" + Query.Of(("period", period), ("page", page), ("pageSize", pageSize)),
            ct
        );

    /// <summary>A month (<c>yyyy-MM</c>) or, with <paramref name="date"/>, a single day.</summary>
    public Task<CountySummary> CountySummaryAsync(
        string county,
        string? period,
        string? date = null,
        CancellationToken ct = default
    ) =>
        api.GetAsync<CountySummary>(
            Service.Settlement,
            $"api/statements/counties/{county}" + Query.Of(("period", period), ("date", date)),
            ct
        );

    public Task<Paged<Dispute>> DisputesAsync(
        string? county,
        string? status,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<Dispute>>(
            Service.Settlement,
            "api/statements/disputes"
                + Query.Of(("county", county), ("status", status), ("page", page), ("pageSize", pageSize)),
            ct
        );

    public Task<Dispute> RaiseDisputeAsync(
        Guid purchaseId,
        long claimedFen,
        string reason,
        CancellationToken ct = default
    ) =>
        api.SendAsync<Dispute>(
            Service.Settlement,
            HttpMethod.Post,
            "api/statements/disputes",
            new
            {
                purchaseId,
                claimedFen,
                reason,
            },
            ct: ct
        );

    public Task<Dispute> ResolveDisputeAsync(
        Guid disputeId,
        string decision,
        string? note,
        string source,
        CancellationToken ct = default
    ) =>
        api.SendAsync<Dispute>(
            Service.Settlement,
            HttpMethod.Post,
            $"api/statements/disputes/{disputeId}/resolve",
            new
            {
                decision,
                note,
                source,
            },
            ct: ct
        );

    /// <summary>Sends the provider's own list (UTF-8 CSV) and answers what matched and what differs.</summary>
    public async Task<Reconciliation> ReconcileAsync(
        Guid providerId,
        string period,
        byte[] csv,
        CancellationToken ct = default
    )
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Post,
            "api/reconciliations" + Query.Of(("providerId", providerId), ("period", period))
        )
        {
            Content = new ByteArrayContent(csv) { Headers = { ContentType = new("text/csv") { CharSet = "utf-8" } } },
        };
        using var response = await api.SendAsync(Service.Settlement, request, ct);
        return (
            await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Reconciliation>(
                response.Content,
                ApiCaller.Json,
                ct
            )
        )!;
    }

    public Task<Reconciliation> ReconciliationAsync(
        Guid id,
        string? outcome,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Reconciliation>(
            Service.Settlement,
            $"api/reconciliations/{id}" + Query.Of(("outcome", outcome), ("page", page), ("pageSize", pageSize)),
            ct
        );
}
