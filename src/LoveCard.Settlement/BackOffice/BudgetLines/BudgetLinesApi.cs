using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.BackOffice.BudgetLines;

/// <summary>
/// A county's fiscal budget lines (ADR 0039): which line of the county budget pays the fiscal share of which
/// categories. The bureau of the county or the province names them; auditors read them. Statements and clearing
/// report the fiscal share per line.
/// </summary>
public static class BudgetLinesApi
{
    public const int MaxLines = 20;

    public static WebApplication MapBudgetLinesApi(this WebApplication app)
    {
        var group = app.MapPeopleGroup("/api/funds/{county}/budget-lines", "Funds", 400);
        group.MapGet("", Get).WithSummary("Read a county's fiscal budget lines");
        group.MapPut("", Replace).WithSummary("Name a county's fiscal budget lines and the categories each funds");
        return app;
    }

    public static async Task<Ok<BudgetLinesView>> Get(
        string county,
        HttpContext context,
        BudgetLineStore store,
        CancellationToken ct
    )
    {
        context.Caller().RequireRole(Roles.Bureau, Roles.Province, Roles.Auditor).RequireCounty(county);
        return TypedResults.Ok(await store.GetAsync(county, ct));
    }

    public static async Task<Ok<BudgetLinesView>> Replace(
        string county,
        BudgetLinesRequest request,
        HttpContext context,
        BudgetLineStore store,
        CancellationToken ct
    )
    {
        var caller = context.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        var lines = Check(request);
        return TypedResults.Ok(await store.ReplaceAsync(county, lines, caller.Subject, request.Reason, ct));
    }

    /// <summary>Every fault named by its field; a category is funded by one line at most.</summary>
    private static BudgetLine[] Check(BudgetLinesRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Lines is null)
        {
            errors.Add("lines", "required", "lines is required (an empty list removes every line).");
            errors.ThrowIfAny();
        }

        var input = request.Lines!;
        if (input.Count > MaxLines)
        {
            errors.Add("lines", "out_of_range", $"A county names at most {MaxLines} lines.");
            errors.ThrowIfAny();
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        var funded = new HashSet<int>();
        var lines = new List<BudgetLine>();
        for (var i = 0; i < input.Count; i++)
        {
            var line = input[i];
            var at = $"lines[{i}]";
            if (line is null)
            {
                errors.Add(at, "required", "A line is an object with code, name and categories.");
                continue;
            }

            var code = line.Code?.Trim() ?? "";
            if (
                code.Length is 0 or > 32
                || !code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_')
            )
            {
                errors.Add($"{at}.code", "invalid_line_code", "code is 1 to 32 of a-z, 0-9, - and _.");
            }
            else if (!codes.Add(code))
            {
                errors.Add($"{at}.code", "duplicate_line", $"The line {code} is named twice.");
            }

            var name = line.Name?.Trim() ?? "";
            if (name.Length is 0 or > 50)
            {
                errors.Add($"{at}.name", "required", "name (1 to 50 characters) is required.");
            }

            var categories = line.Categories ?? [];
            if (categories.Count == 0)
            {
                errors.Add($"{at}.categories", "required", "A line funds at least one category (1, 2 or 3).");
            }

            foreach (var category in categories)
            {
                if (category is < 1 or > 3)
                {
                    errors.Add($"{at}.categories", "invalid_category", "A category is 1, 2 or 3.");
                }
                else if (!funded.Add(category))
                {
                    errors.Add(
                        $"{at}.categories",
                        "category_taken",
                        $"Category {category} is funded by another line already: one line per category."
                    );
                }
            }

            lines.Add(new BudgetLine(code, name, categories.Distinct().Order().ToArray()));
        }

        errors.ThrowIfAny();
        return lines.ToArray();
    }
}
