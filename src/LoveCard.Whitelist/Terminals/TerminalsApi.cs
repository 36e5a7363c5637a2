using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LoveCard.Contracts;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Whitelist.Providers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Whitelist.Terminals;

/// <summary>Terminals (TERMINAL-PROTOCOL.md, "Activation"): <c>/api/providers/{id}/terminals</c>.</summary>
public static partial class TerminalsApi
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex TerminalIdPattern();

    public static IEndpointRouteBuilder MapTerminalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/providers/{id:guid}/terminals")
            .RequirePeople()
            .WithTags("Terminals")
            .WithRequestLimits()
            .ProducesProblem(400)
            .ProducesProblem(401)
            .ProducesProblem(403)
            .ProducesProblem(404);
        group.MapGet("/", ListAsync).WithSummary("List a provider's terminals");
        group.MapPost("/", RegisterAsync).WithSummary("Register a terminal").ProducesProblem(409);
        group
            .MapPost("/{terminalId}/activation-code", ReissueAsync)
            .WithSummary("Issue a new activation code")
            .ProducesProblem(409);
        group.MapPost("/{terminalId}/disable", DisableAsync).WithSummary("Disable a terminal").ProducesProblem(409);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<TerminalView>>> ListAsync(
        Guid id,
        HttpContext http,
        ProviderStore providers,
        TerminalStore store,
        CancellationToken ct
    )
    {
        ProviderAccess.RequireVisible(http.Caller(), await providers.FindAsync(id, ct));
        return TypedResults.Ok<IReadOnlyList<TerminalView>>(
            (await store.ListAsync(id, ct)).Select(TerminalView.From).ToArray()
        );
    }

    /// <summary>The provider itself or the bureau of its county registers a terminal and gets its activation code,
    /// once.</summary>
    public static async Task<Created<TerminalRegistration>> RegisterAsync(
        Guid id,
        RegisterTerminalRequest request,
        HttpContext http,
        TerminalStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var errors = new ValidationErrors();
        if (request.TerminalId is not null && !TerminalIdPattern().IsMatch(request.TerminalId))
        {
            errors.Add(
                "terminalId",
                "invalid_terminal_id",
                "1 to 32 characters of A-Z, a-z, 0-9, _ and -; leave it out to get one."
            );
        }

        if (string.IsNullOrWhiteSpace(request.Model) || request.Model.Length > 100)
        {
            errors.Add("model", "required", "The terminal model (at most 100 characters).");
        }

        if (request.Latitude.HasValue != request.Longitude.HasValue)
        {
            errors.Add(
                request.Latitude.HasValue ? "longitude" : "latitude",
                "incomplete_location",
                "Give both latitude and longitude, or neither."
            );
        }

        if (request.Latitude is < -90 or > 90)
        {
            errors.Add("latitude", "invalid_latitude", "Between -90 and 90.");
        }

        if (request.Longitude is < -180 or > 180)
        {
            errors.Add("longitude", "invalid_longitude", "Between -180 and 180.");
        }

        if (request.OpensAt.HasValue != request.ClosesAt.HasValue)
        {
            errors.Add(
                request.OpensAt.HasValue ? "closesAt" : "opensAt",
                "incomplete_opening_hours",
                "Give both opensAt and closesAt (Asia/Shanghai), or neither for always open."
            );
        }
        else if (request.OpensAt is { } opens && opens == request.ClosesAt)
        {
            errors.Add(
                "closesAt",
                "invalid_opening_hours",
                "A terminal cannot close the moment it opens; leave both out for always open."
            );
        }

        errors.ThrowIfAny();
        var (terminal, code) = await store.RegisterAsync(
            id,
            p => ProviderAccess.RequireManager(caller, p),
            new NewTerminal(
                request.TerminalId,
                request.Model!.Trim(),
                request.Latitude,
                request.Longitude,
                request.OpensAt,
                request.ClosesAt
            ),
            new Actor(ActorKinds.User, caller.Subject),
            Reason(request.Reason, "terminal_registered"),
            ct
        );
        return TypedResults.Created(
            $"/api/providers/{id}/terminals",
            new TerminalRegistration(TerminalView.From(terminal), code, terminal.ActivationCodeExpiresAt)
        );
    }

    /// <summary>Re-registers: a new one-time code replaces the old one, and is published again (as its hash).</summary>
    public static async Task<Ok<TerminalRegistration>> ReissueAsync(
        Guid id,
        string terminalId,
        TerminalActionRequest? request,
        HttpContext http,
        TerminalStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var (terminal, code) = await store.ReissueAsync(
            id,
            terminalId,
            p => ProviderAccess.RequireManager(caller, p),
            new Actor(ActorKinds.User, caller.Subject),
            Reason(request?.Reason, "terminal_re_registered"),
            ct
        );
        return TypedResults.Ok(
            new TerminalRegistration(TerminalView.From(terminal), code, terminal.ActivationCodeExpiresAt)
        );
    }

    /// <summary>Disables the terminal; settlement hears it at once and refuses it (<c>terminal_disabled</c>).</summary>
    public static async Task<Ok<TerminalView>> DisableAsync(
        Guid id,
        string terminalId,
        TerminalActionRequest? request,
        HttpContext http,
        TerminalStore store,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var terminal = await store.DisableAsync(
            id,
            terminalId,
            p => ProviderAccess.RequireManager(caller, p),
            new Actor(ActorKinds.User, caller.Subject),
            Reason(request?.Reason, "terminal_disabled"),
            ct
        );
        return TypedResults.Ok(TerminalView.From(terminal));
    }

    private static string Reason(string? reason, string fallback) =>
        string.IsNullOrWhiteSpace(reason) ? fallback
        : reason.Length > 500 ? throw new BadInputException("reason", "too_long", "At most 500 characters.")
        : reason.Trim();
}
