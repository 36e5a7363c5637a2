using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.CareWorkers;

/// <summary>Certified care workers: <c>/api/providers/{id}/care-workers</c> and the county ratio.</summary>
public static class CareWorkersApi
{
    /// <summary>The plan's target: 25 certified care workers per 10,000 elders by end of 2025 (DOMAIN.md §4).</summary>
    public const int TargetPerTenThousand = 25;

    public static IEndpointRouteBuilder MapCareWorkersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/providers/{id:guid}/care-workers")
            .RequirePeople()
            .WithTags("Care workers")
            .WithRequestLimits()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(404);
        group.MapGet("/", ListAsync).WithSummary("List a provider's care workers");
        group
            .MapPost("/", RegisterAsync)
            .WithSummary("Register a care worker")
            .ProducesProblem(409)
            .ProducesProblem(422);
        app.MapGet("/api/counties/{county}/care-worker-ratio", RatioAsync)
            .WithSummary("Read a county's care-worker ratio")
            .RequirePeople()
            .WithTags("Care workers")
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<CareWorkerRow>>> ListAsync(
        Guid id,
        HttpContext http,
        ProviderStore providers,
        CareWorkerStore store,
        CancellationToken ct
    )
    {
        ProviderAccess.RequireVisible(http.Caller(), await providers.FindAsync(id, ct));
        return TypedResults.Ok(await store.ListAsync(id, ct));
    }

    /// <summary>The provider itself or its bureau; the answer carries the masked name only.</summary>
    public static async Task<Created<CareWorkerRow>> RegisterAsync(
        Guid id,
        RegisterCareWorkerRequest request,
        HttpContext http,
        CareWorkerStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 50)
        {
            errors.Add("name", "required", "The care worker's name (at most 50 characters).");
        }

        if (string.IsNullOrWhiteSpace(request.CertificateNumber) || request.CertificateNumber.Length > 40)
        {
            errors.Add("certificateNumber", "required", "The certificate number (at most 40 characters).");
        }

        if (request.CertificateLevel is null || !CertificateLevels.All.Contains(request.CertificateLevel))
        {
            errors.Add(
                "certificateLevel",
                "invalid_certificate_level",
                $"One of: {string.Join(", ", CertificateLevels.All)}."
            );
        }

        if (request.ValidUntil is null)
        {
            errors.Add("validUntil", "required", "The last day the certificate is valid.");
        }

        errors.ThrowIfAny();
        if (request.ValidUntil < Shanghai.Today(time))
        {
            throw new RuleViolationException(
                "certificate_expired",
                "The certificate has expired; only certified care workers are registered.",
                "validUntil"
            );
        }

        var row = await store.RegisterAsync(
            id,
            p => ProviderAccess.RequireManager(caller, p),
            request.Name!.Trim(),
            request.CertificateNumber!.Trim(),
            request.CertificateLevel!,
            request.ValidUntil!.Value,
            new Actor(ActorKinds.User, caller.Subject),
            ct
        );
        return TypedResults.Created($"/api/providers/{id}/care-workers", row);
    }

    public static async Task<Ok<CareWorkerRatio>> RatioAsync(
        string county,
        HttpContext http,
        CareWorkerStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        Counties.Require(county);
        http.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Auditor, Roles.Operator).RequireCounty(county);
        var today = Shanghai.Today(time);
        var counts = await store.CountsAsync(county, today, ct);
        decimal? ratio =
            counts.EligibleElders == 0
                ? null
                : Math.Round(counts.CertifiedCareWorkers * 10_000m / counts.EligibleElders, 2);
        return TypedResults.Ok(
            new CareWorkerRatio(
                county,
                today,
                counts.CertifiedCareWorkers,
                counts.EligibleElders,
                ratio,
                TargetPerTenThousand,
                ratio >= TargetPerTenThousand
            )
        );
    }
}
