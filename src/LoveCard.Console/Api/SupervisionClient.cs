namespace LoveCard.Console.Api;

/// <summary>Settlement's supervision: the anomaly queue and elders' absences.</summary>
public sealed class SupervisionClient(ApiCaller api)
{
    public Task<Paged<Anomaly>> AnomaliesAsync(
        string county,
        string? rule,
        string? status,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<Anomaly>>(
            Service.Settlement,
            "api/anomalies"
                + Query.Of(
                    ("county", county),
                    ("rule", rule),
                    ("status", status),
                    ("page", page),
                    ("pageSize", pageSize)
                ),
            ct
        );

    /// <summary>
    /// <paramref name="status"/>: <c>confirmed</c> or <c>dismissed</c> (which gives back the credit points).
    /// </summary>
    public Task<Anomaly> ResolveAsync(Guid anomalyId, string status, string note, CancellationToken ct = default) =>
        api.SendAsync<Anomaly>(
            Service.Settlement,
            HttpMethod.Post,
            $"api/anomalies/{anomalyId}/resolve",
            new { status, note },
            ct: ct
        );

    public Task<Paged<Absence>> AbsencesAsync(
        string county,
        Guid? elderId,
        string? kind,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<Absence>>(
            Service.Settlement,
            "api/absences"
                + Query.Of(
                    ("county", county),
                    ("elderId", elderId),
                    ("kind", kind),
                    ("page", page),
                    ("pageSize", pageSize)
                ),
            ct
        );

    public Task RecordAbsenceAsync(
        Guid elderId,
        string kind,
        DateTimeOffset from,
        DateTimeOffset to,
        string reason,
        CancellationToken ct = default
    ) =>
        api.SendAsync(
            Service.Settlement,
            HttpMethod.Post,
            "api/absences",
            new
            {
                elderId,
                kind,
                from,
                to,
                reason,
            },
            ct
        );
}
