namespace LoveCard.Console.Api;

/// <summary>Settlement's audit trail (entries, chain verification) and the public statistics.</summary>
public sealed class AuditClient(ApiCaller api)
{
    public Task<Paged<AuditEntry>> EntriesAsync(
        string? county,
        string? aggregateId,
        string? type,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<AuditEntry>>(
            Service.Settlement,
            "api/audit"
                + Query.Of(
                    ("county", county),
                    ("aggregateId", aggregateId),
                    ("type", type),
                    ("from", from?.ToString("o")),
                    ("to", to?.ToString("o")),
                    ("page", page),
                    ("pageSize", pageSize)
                ),
            ct
        );

    public Task<AuditVerification> VerifyAsync(CancellationToken ct = default) =>
        api.GetAsync<AuditVerification>(Service.Settlement, "api/audit/verify", ct);

    public Task<PublicStats> PublicStatsAsync(string county, string? month, CancellationToken ct = default) =>
        api.GetAsync<PublicStats>(
            Service.Settlement,
            $"api/public/counties/{county}/stats" + Query.Of(("month", month)),
            ct
        );
}
