using System.Globalization;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>
/// Public county statistics (数据晾晒, DOMAIN.md §6): no authentication, no personal data, every
/// count under 10 shown as <c>&lt;10</c> (see <see cref="Suppression"/>).
/// </summary>
public static class PublicDataApi
{
    /// <summary>The plan's target: 25 certified care workers per 10,000 elders (DOMAIN.md §4).</summary>
    public const int CareWorkerTargetPer10000 = 25;

    /// <summary>The province's own division code, the <c>county</c> of the province-wide statistics.</summary>
    public const string Province = "330000";

    public static WebApplication MapPublicDataApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/public").AllowAnonymous().WithTags("Public data");
        group
            .MapGet("/counties/{county}/stats", GetCountyStats)
            .WithSummary("Read a county's published statistics (数据晾晒)")
            .WithName("GetPublicCountyStats")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group
            .MapGet("/province", GetProvinceStats)
            .WithSummary("Read the province's published statistics, summed over its counties (数据晾晒)")
            .WithName("GetPublicProvinceStats")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>Every county's figures summed, then suppressed as a county's are (ADR 0037); <c>county</c> is
    /// 330000.</summary>
    public static async Task<Ok<CountyStats>> GetProvinceStats(
        string? month,
        PublicStatsStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var period = month ?? Shanghai.Period(now);
        if (!CalendarInput.TryParseMonth(period, out _))
        {
            throw new BadInputException(
                "month",
                "invalid_month",
                $"month must be yyyy-MM in the years {CalendarInput.Range}, e.g. 2025-03."
            );
        }

        var f = await store.ReadProvinceAsync(period, Shanghai.Today(now), ct);
        return TypedResults.Ok(Build(Province, period, now, f));
    }

    public static async Task<Ok<CountyStats>> GetCountyStats(
        string county,
        string? month,
        PublicStatsStore store,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var errors = new ValidationErrors();
        if (county.Length != 6 || !county.All(char.IsAsciiDigit))
        {
            errors.Add("county", "invalid_county", "county must be a 6-digit division code.");
        }

        var now = time.GetUtcNow();
        var period = month ?? Shanghai.Period(now);
        if (!CalendarInput.TryParseMonth(period, out _))
        {
            errors.Add(
                "month",
                "invalid_month",
                $"month must be yyyy-MM in the years {CalendarInput.Range}, e.g. 2025-03."
            );
        }

        errors.ThrowIfAny();
        var f = await store.ReadAsync(county, period, Shanghai.Today(now), ct);
        return TypedResults.Ok(Build(county, period, now, f));
    }

    /// <summary>Turns raw figures into the published, suppressed statistics.</summary>
    public static CountyStats Build(string county, string period, DateTimeOffset now, CountyFigures f)
    {
        var eligible = f.Categories.Sum(c => c.Count);
        var hiddenCategories = Suppression.Cells(
            f.Categories.Select(c => (c.Category, c.Count)).ToList(),
            !Suppression.Hides(eligible)
        );
        var cardholders = new CardholderStats(
            "Elders whose latest classification is eligible, by home county (residence county on the roster)",
            Suppression.Count(eligible),
            f.Categories.Select(c => new CategoryCount(
                    c.Category,
                    hiddenCategories.Contains(c.Category) ? Suppression.Small : Suppression.Count(c.Count)
                ))
                .ToList()
        );

        var providerTotal = f.Statuses.Sum(s => s.Count);
        var hiddenStatuses = Suppression.Cells(
            f.Statuses.Select(s => (s.Status, s.Count)).ToList(),
            !Suppression.Hides(providerTotal)
        );
        var providers = new ProviderStats(
            Suppression.Count(providerTotal),
            f.Statuses.Select(s => new StatusCount(
                    s.Status,
                    hiddenStatuses.Contains(s.Status) ? Suppression.Small : Suppression.Count(s.Count)
                ))
                .ToList()
        );

        // The ratio and the elder count together would give the care-worker count back, so the
        // ratio is published only when both counts are.
        var ratioShown = !Suppression.Hides(f.CertifiedCareWorkers) && !Suppression.Hides(eligible);
        decimal? per10000 = ratioShown
            ? Math.Round(f.CertifiedCareWorkers * 10000m / eligible, 1, MidpointRounding.AwayFromZero)
            : null;
        var careWorkers = new CareWorkerStats(
            "Certified care workers of the county's providers with a certificate valid today, per 10,000 eligible "
                + "elders of the county",
            Suppression.Count(f.CertifiedCareWorkers),
            Suppression.Count(eligible),
            per10000,
            CareWorkerTargetPer10000,
            per10000 is null ? null : per10000 >= CareWorkerTargetPer10000
        );

        return new CountyStats(
            county,
            period,
            now,
            Suppression.Threshold,
            cardholders,
            Purchases(
                "Purchases at providers of this county (whoever the elder is), booked in the month, net of voids and "
                    + "refunds booked in the month",
                f.PurchasesByProviderCounty
            ),
            Purchases(
                "Purchases by elders whose home county this is (it funds their subsidy), at any provider, booked in "
                    + "the month, net of voids and refunds booked in the month",
                f.PurchasesByHomeCounty
            ),
            providers,
            careWorkers
        );
    }

    private static PurchaseStats Purchases(string basis, IReadOnlyList<ItemFigures> items)
    {
        var total = items.Sum(i => i.Purchases);
        var totalShown = !Suppression.Hides(total);
        var hidden = Suppression.Cells(items.Select(i => (i.Item, i.Purchases)).ToList(), totalShown);
        return new PurchaseStats(
            basis,
            Suppression.Count(total),
            Suppression.Count(items.Sum(i => i.Reversals)),
            totalShown ? Amounts(items) : null,
            items
                .Select(i =>
                    hidden.Contains(i.Item)
                        ? new ItemStats(i.Item, Suppression.Small, Suppression.Small, null)
                        : new ItemStats(
                            i.Item,
                            Suppression.Count(i.Purchases),
                            Suppression.Count(i.Reversals),
                            Amounts([i])
                        )
                )
                .ToList()
        );
    }

    private static AmountsFen Amounts(IReadOnlyList<ItemFigures> items)
    {
        var fiscal = items.Sum(i => i.FiscalFen);
        var collective = items.Sum(i => i.CollectiveFen);
        var charity = items.Sum(i => i.CharityFen);
        return new AmountsFen(
            items.Sum(i => i.PriceFen),
            fiscal + collective + charity,
            fiscal,
            collective,
            charity,
            items.Sum(i => i.FamilyFen)
        );
    }
}
