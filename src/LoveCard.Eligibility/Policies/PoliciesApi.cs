using System.ComponentModel.DataAnnotations;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Eligibility.Counties;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Policies;

public static class PoliciesApi
{
    public static RouteGroupBuilder MapPoliciesApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/counties/{county}/policies")
            .RequirePeople()
            .WithTags("Subsidy policies")
            .WithRequestLimits();
        group.MapPost("/", ProposePolicy).WithSummary("Propose a subsidy policy version");
        group.MapPost("/{version:int}/approve", ApprovePolicy).WithSummary("Approve a proposed policy version");
        group.MapGet("/", ListPolicies).WithSummary("List a county's policy versions");
        return group;
    }

    public static async Task<Created<PolicyVersion>> ProposePolicy(
        string county,
        PolicyProposal body,
        HttpContext http,
        NpgsqlDataSource dataSource,
        CountyStore counties,
        PolicyStore policies,
        TimeProvider time,
        CancellationToken ct
    )
    {
        CountyCodes.Require(county);
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        Validate(body, Shanghai.Today(time));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await counties.EnsureAsync(connection, transaction, county, ct);
        var policy = await policies.ProposeAsync(
            connection,
            transaction,
            county,
            body.EffectiveFrom!.Value,
            body.Categories!.OrderBy(c => c.Category).ToArray(),
            $"{ActorKinds.User}:{caller.Subject}",
            body.Reason!.Trim(),
            ct
        );
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/counties/{county}/policies/{policy.Version}", policy);
    }

    /// <summary>Maker-checker: a different bureau or province user approves, and the version is published.</summary>
    public static async Task<Ok<PolicyVersion>> ApprovePolicy(
        string county,
        int version,
        HttpContext http,
        PolicyStore policies,
        TimeProvider time,
        CancellationToken ct
    )
    {
        CountyCodes.Require(county);
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        return TypedResults.Ok(
            await policies.ApproveAsync(
                county,
                version,
                new Actor(ActorKinds.User, caller.Subject),
                Shanghai.Today(time),
                ct
            )
        );
    }

    /// <summary>The listing's sort keys (ADR 0031): newest version first by default.</summary>
    public static readonly SortKeys Sorts = new(
        "-version",
        "version DESC",
        ("version", "version"),
        ("effectiveFrom", "effective_from"),
        ("proposedAt", "proposed_at"),
        ("status", "status")
    );

    /// <summary>A county's versions; <c>status=proposed</c> is what waits for a second user's approval.</summary>
    public static async Task<Ok<Paged<PolicyVersion>>> ListPolicies(
        string county,
        string? status,
        int? page,
        int? pageSize,
        string? sort,
        HttpContext http,
        PolicyStore policies,
        CancellationToken ct
    )
    {
        CountyCodes.Require(county);
        http.Caller().RequireCounty(county);
        var errors = new ValidationErrors();
        if (status is not (null or "proposed" or "published"))
        {
            errors.Add("status", "invalid_status", "status is proposed or published.");
        }

        var paging = PageRequest.Of(page, pageSize, sort, null, Sorts, errors: errors);
        errors.ThrowIfAny();
        var (items, total) = await policies.ListAsync(county, status, paging, ct);
        return TypedResults.Ok(Paged<PolicyVersion>.Of(paging, total, items));
    }

    /// <summary>DOMAIN.md §3: shares 0–100, non-family shares summing to at most 100, caps >= 0, effective today or
    /// later.</summary>
    public static void Validate(PolicyProposal body, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (body.EffectiveFrom is null)
        {
            errors.Add("effectiveFrom", "required", "effectiveFrom is required.");
        }
        else if (body.EffectiveFrom < today)
        {
            errors.Add(
                "effectiveFrom",
                "effective_date_in_past",
                "A new policy version takes effect today or later (Asia/Shanghai)."
            );
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            errors.Add("reason", "reason_required", "Say why the policy changes.");
        }

        var categories = body.Categories ?? [];
        if (categories.Select(c => c.Category).Order().SequenceEqual([1, 2, 3]) is false)
        {
            errors.Add(
                "categories",
                "categories_required",
                "A policy has exactly one entry for each of categories 1, 2 and 3."
            );
        }

        for (var i = 0; i < categories.Count; i++)
        {
            var c = categories[i];
            var path = $"categories[{i}]";
            Shares(errors, $"{path}.defaultShares", c.DefaultShares);
            for (var j = 0; j < (c.ItemShares?.Count ?? 0); j++)
            {
                var item = c.ItemShares![j];
                if (string.IsNullOrWhiteSpace(item.Item))
                {
                    errors.Add($"{path}.itemShares[{j}].item", "required", "An item override names its service item.");
                }

                Shares(errors, $"{path}.itemShares[{j}].shares", item.Shares);
            }

            if (c.MonthlyCapFiscalFen < 0)
            {
                errors.Add($"{path}.monthlyCapFiscalFen", "negative_cap", "A cap is 0 or more fen.");
            }

            if (c.MonthlyCapCollectiveFen < 0)
            {
                errors.Add($"{path}.monthlyCapCollectiveFen", "negative_cap", "A cap is 0 or more fen.");
            }

            if (c.MonthlyCapCharityFen < 0)
            {
                errors.Add($"{path}.monthlyCapCharityFen", "negative_cap", "A cap is 0 or more fen.");
            }
        }

        errors.ThrowIfAny();
    }

    private static void Shares(ValidationErrors errors, string path, SourceShares? shares)
    {
        if (shares is null)
        {
            errors.Add(path, "required", "Shares are required.");
            return;
        }

        foreach (
            var (name, value) in new[]
            {
                ("fiscalPercent", shares.FiscalPercent),
                ("collectivePercent", shares.CollectivePercent),
                ("charityPercent", shares.CharityPercent),
            }
        )
        {
            if (value is < 0 or > 100)
            {
                errors.Add($"{path}.{name}", "share_out_of_range", "A share is a whole percentage 0–100.");
            }
        }

        if (shares.FiscalPercent + shares.CollectivePercent + shares.CharityPercent > 100)
        {
            errors.Add(
                path,
                "shares_over_100",
                "Fiscal, collective and charity shares add up to at most 100; the family pays the rest."
            );
        }
    }
}
