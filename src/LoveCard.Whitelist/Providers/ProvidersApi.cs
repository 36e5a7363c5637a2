using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Counties;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Hosting.PersonalData;
using LoveCard.Whitelist.Credit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Providers;

/// <summary>Providers and the whitelist workflow (DOMAIN.md §4): <c>/api/providers</c>.</summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/providers")
            .RequirePeople()
            .WithTags("Providers")
            .WithRequestLimits()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403);
        group.MapPost("/", CreateAsync).WithSummary("Apply a provider for admission").ProducesProblem(409);
        group.MapGet("/", ListAsync).WithSummary("List providers");
        group.MapGet("/{id:guid}", GetAsync).WithSummary("Read one provider").ProducesProblem(404);
        group
            .MapGet("/{id:guid}/status-history", HistoryAsync)
            .WithSummary("Read a provider's status history")
            .ProducesProblem(404);
        group
            .MapPost("/{id:guid}/whitelist", WhitelistAsync)
            .WithSummary("Put a provider on the whitelist")
            .ProducesProblem(404)
            .ProducesProblem(409);
        group
            .MapPost("/{id:guid}/suspend", SuspendAsync)
            .WithSummary("Suspend a provider")
            .ProducesProblem(404)
            .ProducesProblem(409);
        group
            .MapPost("/{id:guid}/exit", ExitAsync)
            .WithSummary("Take a provider off the whitelist for good")
            .ProducesProblem(404)
            .ProducesProblem(409);
        return app;
    }

    /// <summary>
    /// A bureau enters a provider of its county, or a provider applies (its token's <c>provider</c>
    /// claim, when present, becomes its id). Either way it starts as <c>applied</c>: admission is a
    /// separate, audited bureau step.
    /// </summary>
    public static async Task<Created<ProviderView>> CreateAsync(
        CreateProviderRequest request,
        HttpContext http,
        ProviderStore store,
        TimeProvider time,
        CountyRegister register,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Provider);
        var errors = new ValidationErrors();
        var code = UnifiedSocialCreditCode.Normalise(request.UnifiedCode ?? "");
        var codeCheck = UnifiedSocialCreditCode.Check(code);
        var isBureau = caller.Is(Roles.Bureau, Roles.Province);
        var overrideCode = request.LegacyCodeOverride == true;
        if (codeCheck == UnifiedSocialCreditCode.Result.Malformed)
        {
            errors.Add(
                "unifiedCode",
                "invalid_unified_code",
                "A unified social credit code is 18 characters of 0-9 and A-Y without I, O, S, V, Z."
            );
        }
        else if (codeCheck != UnifiedSocialCreditCode.Result.Valid && !(overrideCode && isBureau))
        {
            errors.Add(
                "unifiedCode",
                "invalid_unified_code",
                codeCheck == UnifiedSocialCreditCode.Result.OrganisationCheckFailed
                    ? "The organisation code (characters 9-17) fails its GB 11714 check."
                    : "The check character (character 18) fails the GB 32100-2015 check. A bureau may admit an early "
                        + "pilot code with legacyCodeOverride and a reason."
            );
        }

        if (overrideCode && !isBureau)
        {
            errors.Add("legacyCodeOverride", "override_not_allowed", "Only a bureau may admit a legacy code.");
        }

        if (overrideCode && string.IsNullOrWhiteSpace(request.LegacyCodeReason))
        {
            errors.Add("legacyCodeReason", "reason_required", "Admitting a legacy code needs a reason; it is audited.");
        }

        Text(errors, "name", request.Name, 200);
        Text(errors, "address", request.Address, 300);
        Text(errors, "contactName", request.ContactName, 100);
        Text(errors, "contactPhone", request.ContactPhone, 32);
        if (request.ProviderType is null || !ProviderTypes.All.Contains(request.ProviderType))
        {
            errors.Add("providerType", "invalid_provider_type", $"One of: {string.Join(", ", ProviderTypes.All)}.");
        }

        if (request.AdmissionRoute is null || !AdmissionRoutes.All.Contains(request.AdmissionRoute))
        {
            errors.Add(
                "admissionRoute",
                "invalid_admission_route",
                $"One of: {string.Join(", ", AdmissionRoutes.All)}."
            );
        }

        if (!Counties.IsValid(request.County))
        {
            errors.Add("county", "invalid_county", "A county is a 6-digit division code, e.g. 330903.");
        }
        else if (!await register.IsKnownAsync(request.County, ct))
        {
            var unknown = CountyRegister.Unknown("county");
            errors.Add("county", unknown.Code, unknown.Message);
        }

        if (
            request.Township is { } township
            && (
                township.Length != 9
                || !township.All(char.IsAsciiDigit)
                || !township.StartsWith(request.County ?? "", StringComparison.Ordinal)
            )
        )
        {
            errors.Add("township", "invalid_township", "A township is a 9-digit division code inside the county.");
        }

        if (request.ContractStart is null)
        {
            errors.Add("contractStart", "required", "The contract's first day is required.");
        }

        if (request.ContractEnd is null)
        {
            errors.Add("contractEnd", "required", "The contract's last day is required.");
        }
        else if (request.ContractStart is { } start && request.ContractEnd < start)
        {
            errors.Add("contractEnd", "contract_end_before_start", "The contract cannot end before it starts.");
        }

        errors.ThrowIfAny();
        if (isBureau)
        {
            caller.RequireCounty(request.County!);
        }

        var now = time.GetUtcNow();
        var legacy = overrideCode && codeCheck != UnifiedSocialCreditCode.Result.Valid;
        var provider = new ProviderRow
        {
            Id = caller.Role == Roles.Provider && caller.ProviderId is { } own ? own : Guid.CreateVersion7(),
            UnifiedCode = code,
            Name = request.Name!.Trim(),
            ProviderType = request.ProviderType!,
            County = request.County!,
            Township = request.Township,
            Address = request.Address!.Trim(),
            ContactName = request.ContactName!.Trim(),
            ContactPhone = request.ContactPhone!.Trim(),
            AdmissionRoute = request.AdmissionRoute!,
            ContractStart = request.ContractStart!.Value,
            ContractEnd = request.ContractEnd!.Value,
            Status = ProviderStatuses.Applied,
            CreditScore = CreditBands.StartScore,
            LegacyCodeOverride = legacy,
            LegacyCodeReason = legacy ? request.LegacyCodeReason!.Trim() : null,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // The override is part of the audit trail: the history row of the application says so.
        var reason =
            legacy ? $"legacy_code_override: {provider.LegacyCodeReason}"
            : isBureau ? "entered_by_bureau"
            : "applied_by_provider";
        await store.CreateAsync(provider, new Actor(ActorKinds.User, caller.Subject), reason, ct);
        return TypedResults.Created($"/api/providers/{provider.Id}", ProviderView.From(provider, caller));
    }

    /// <summary>The listing's sort keys (ADR 0031): county, then name, by default.</summary>
    public static readonly SortKeys Sorts = new(
        "county,name",
        "id",
        ("county", "county"),
        ("name", "name"),
        ("status", "status"),
        ("creditScore", "credit_score"),
        ("createdAt", "created_at"),
        ("updatedAt", "updated_at"),
        ("contractEnd", "contract_end")
    );

    /// <summary>
    /// Providers by county, status (<c>status=applied</c>: the applications waiting for a bureau), type,
    /// item and credit band, paged and sorted; <c>q</c> is part of the name or the unified code.
    /// </summary>
    public static async Task<Ok<Paged<ProviderView>>> ListAsync(
        HttpContext http,
        ProviderStore store,
        string? county,
        string? status,
        string? type,
        string? item,
        string? creditBand,
        int? page,
        int? pageSize,
        string? sort,
        string? q,
        CancellationToken ct
    )
    {
        var caller = http.Caller()
            .RequireRole(
                Roles.Bureau,
                Roles.Province,
                Roles.Operator,
                Roles.Auditor,
                Roles.Provider,
                Roles.Township,
                Roles.Village
            );
        var errors = new ValidationErrors();
        if (county is not null && !Counties.IsValid(county))
        {
            errors.Add("county", "invalid_county", "A county is a 6-digit division code.");
        }

        if (
            status is not null
            && status
                is not (
                    ProviderStatuses.Applied
                    or ProviderStatuses.Whitelisted
                    or ProviderStatuses.Suspended
                    or ProviderStatuses.Exited
                )
        )
        {
            errors.Add("status", "invalid_status", "One of: applied, whitelisted, suspended, exited.");
        }

        if (type is not null && !ProviderTypes.All.Contains(type))
        {
            errors.Add("type", "invalid_provider_type", $"One of: {string.Join(", ", ProviderTypes.All)}.");
        }

        if (creditBand is not null && !CreditBands.All.Contains(creditBand))
        {
            errors.Add("creditBand", "invalid_credit_band", $"One of: {string.Join(", ", CreditBands.All)}.");
        }

        var paging = PageRequest.Of(page, pageSize, sort, q, Sorts, PageLimits.Whitelist, errors);
        errors.ThrowIfAny();

        Guid? only = null;
        if (caller.Role == Roles.Provider)
        {
            // A provider sees itself only, whatever it asks for.
            only = caller.ProviderId ?? Guid.Empty;
        }
        else if (!caller.IsProvince)
        {
            county ??= caller.County ?? throw new ForbiddenException("The token names no county.");
            caller.RequireCountyOrArea(county);
        }

        var filter = new ProviderFilter(county, status, type, item, creditBand, only, paging.Page, paging.PageSize)
        {
            // A township or village official reads the providers placed in its township (ADR 0044).
            Township = caller.AreaTownship,
            Q = paging.Q,
            OrderBy = paging.OrderBy,
        };
        var (rows, total) = await store.ListAsync(filter, ct);
        return TypedResults.Ok(
            Paged<ProviderView>.Of(paging, total, rows.Select(r => ProviderView.From(r, caller)).ToArray())
        );
    }

    public static async Task<Ok<ProviderView>> GetAsync(
        Guid id,
        HttpContext http,
        ProviderStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var provider = await store.FindAsync(id, ct);
        if (provider is null || !ProviderAccess.CanRead(caller, provider))
        {
            throw new NotFoundException("Provider");
        }

        return TypedResults.Ok(ProviderView.From(provider, caller));
    }

    public static async Task<Ok<IReadOnlyList<StatusHistoryEntry>>> HistoryAsync(
        Guid id,
        HttpContext http,
        ProviderStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        ProviderAccess.RequireVisible(caller, await store.FindAsync(id, ct));
        return TypedResults.Ok(await store.HistoryAsync(id, ct));
    }

    public static Task<Ok<ProviderView>> WhitelistAsync(
        Guid id,
        StepRequest request,
        HttpContext http,
        ProviderStore store,
        CancellationToken ct
    ) => StepAsync(id, ProviderWorkflow.Whitelist, request, http, store, ct);

    public static Task<Ok<ProviderView>> SuspendAsync(
        Guid id,
        StepRequest request,
        HttpContext http,
        ProviderStore store,
        CancellationToken ct
    ) => StepAsync(id, ProviderWorkflow.Suspend, request, http, store, ct);

    public static Task<Ok<ProviderView>> ExitAsync(
        Guid id,
        StepRequest request,
        HttpContext http,
        ProviderStore store,
        CancellationToken ct
    ) => StepAsync(id, ProviderWorkflow.Exit, request, http, store, ct);

    private static async Task<Ok<ProviderView>> StepAsync(
        Guid id,
        string action,
        StepRequest request,
        HttpContext http,
        ProviderStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            throw new BadInputException(
                "reason",
                "reason_required",
                "Every whitelist step needs a reason (at most 500 characters); it is audited."
            );
        }

        var changed = await store.StepAsync(
            id,
            action,
            p => ProviderAccess.RequireBureau(caller, p),
            new Actor(ActorKinds.User, caller.Subject),
            request.Reason.Trim(),
            ct
        );
        return TypedResults.Ok(ProviderView.From(changed, caller));
    }

    private static void Text(ValidationErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "required", $"{field} is required.");
        }
        else if (value.Length > max)
        {
            errors.Add(field, "too_long", $"{field} has at most {max} characters.");
        }
    }
}
