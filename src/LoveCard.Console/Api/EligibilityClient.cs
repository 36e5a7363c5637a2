using System.Net.Http.Headers;

namespace LoveCard.Console.Api;

/// <summary>
/// The eligibility service: the elder register, roster imports, county settings and subsidy policies.
/// </summary>
public sealed class EligibilityClient(ApiCaller api)
{
    public Task<Paged<Elder>> ListEldersAsync(
        string county,
        string? village,
        int? category,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<Elder>>(
            Service.Eligibility,
            "api/elders"
                + Query.Of(
                    ("county", county),
                    ("village", village),
                    ("category", category),
                    ("page", page),
                    ("pageSize", pageSize)
                ),
            ct
        );

    /// <summary>By resident ID number or full name (exactly one), within the county; answers masked.</summary>
    public Task<Paged<Elder>> LookupAsync(
        string county,
        string? idNumber,
        string? name,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<Elder>>(
            Service.Eligibility,
            "api/elders/lookup" + Query.Of(("county", county), ("idNumber", idNumber), ("name", name)),
            ct
        );

    /// <summary>The county's elders due a visit; a township or village official gets its area's only.</summary>
    public Task<Paged<VisitingCareEntry>> VisitingCareAsync(
        string county,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<VisitingCareEntry>>(
            Service.Eligibility,
            $"api/counties/{Uri.EscapeDataString(county)}/visiting-care"
                + Query.Of(("page", page), ("pageSize", pageSize)),
            ct
        );

    public Task<Elder> GetElderAsync(Guid elderId, CancellationToken ct = default) =>
        api.GetAsync<Elder>(Service.Eligibility, $"api/elders/{elderId}", ct);

    public Task<Paged<ClassificationChange>> ClassificationsAsync(
        Guid elderId,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<ClassificationChange>>(
            Service.Eligibility,
            $"api/elders/{elderId}/classifications" + Query.Of(("page", page), ("pageSize", pageSize)),
            ct
        );

    /// <summary>Uploads a roster (CSV or XLSX) as a multipart file; the import then runs in the service.</summary>
    public async Task<ImportStarted> StartImportAsync(
        string county,
        Stream file,
        string fileName,
        CancellationToken ct = default
    )
    {
        using var content = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(
            fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : "text/csv"
        );
        content.Add(part, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/elders/imports" + Query.Of(("county", county)))
        {
            Content = content,
        };
        using var response = await api.SendAsync(Service.Eligibility, request, ct);
        return (
            await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<ImportStarted>(
                response.Content,
                ApiCaller.Json,
                ct
            )
        )!;
    }

    public Task<ImportProgress> ImportAsync(Guid importId, CancellationToken ct = default) =>
        api.GetAsync<ImportProgress>(Service.Eligibility, $"api/elders/imports/{importId}", ct);

    public Task<Paged<ImportProgress>> ImportsAsync(
        string county,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<ImportProgress>>(
            Service.Eligibility,
            "api/elders/imports" + Query.Of(("county", county), ("page", page), ("pageSize", pageSize)),
            ct
        );

    public Task<Paged<ImportRowError>> ImportErrorsAsync(
        Guid importId,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<ImportRowError>>(
            Service.Eligibility,
            $"api/elders/imports/{importId}/errors" + Query.Of(("page", page), ("pageSize", pageSize)),
            ct
        );

    public Task<CountySettingsView> SettingsAsync(string county, CancellationToken ct = default) =>
        api.GetAsync<CountySettingsView>(Service.Eligibility, $"api/counties/{county}/settings", ct);

    public Task<Paged<Policy>> PoliciesAsync(string county, int page, int pageSize, CancellationToken ct = default) =>
        api.GetAsync<Paged<Policy>>(
            Service.Eligibility,
            $"api/counties/{county}/policies" + Query.Of(("page", page), ("pageSize", pageSize)),
            ct
        );

    public Task<Policy> ProposePolicyAsync(
        string county,
        DateOnly effectiveFrom,
        IReadOnlyList<LoveCard.Contracts.Eligibility.CategoryPolicy> categories,
        string reason,
        CancellationToken ct = default
    ) =>
        api.SendAsync<Policy>(
            Service.Eligibility,
            HttpMethod.Post,
            $"api/counties/{county}/policies",
            new
            {
                effectiveFrom,
                categories,
                reason,
            },
            ct: ct
        );

    public Task<Policy> ApprovePolicyAsync(string county, int version, CancellationToken ct = default) =>
        api.SendAsync<Policy>(
            Service.Eligibility,
            HttpMethod.Post,
            $"api/counties/{county}/policies/{version}/approve",
            ct: ct
        );
}
