using System.ComponentModel.DataAnnotations;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Paging;
using LoveCard.Identity.Oidc;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Identity.Accounts;

/// <summary>
/// Accounts and who may make them (docs/identity.md "The account tree"). Every change is an
/// integration event with the actor, the reason and the client address, and reaches the audit
/// trail. An account of another county or provider is not found (404); a role the caller may not
/// give is forbidden (403).
/// </summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts")
            .WithTags("Accounts")
            .RequirePeople()
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("", Create).WithSummary("Make an account (the caller's role decides which roles and where)");
        group.MapGet("", List).WithSummary("The accounts the caller manages, paged");
        group.MapGet("/me", Me).WithSummary("The caller's own account");
        group.MapGet("/{accountId:guid}", Get).WithSummary("One account");
        group
            .MapPut("/{accountId:guid}/role", ChangeRole)
            .WithSummary("Change an account's role (revokes its refresh tokens)");
        group
            .MapPost("/{accountId:guid}/disable", Disable)
            .WithSummary("Disable an account (revokes its refresh tokens)");
        group.MapPost("/{accountId:guid}/enable", Enable).WithSummary("Enable a disabled account");
        group
            .MapPost("/{accountId:guid}/password-reset", ResetPassword)
            .WithSummary("A new initial password, to be changed at the next sign-in");
        group
            .MapPost("/{accountId:guid}/two-factor-reset", ResetTwoFactor)
            .WithSummary("Clear the TOTP enrolment (a lost phone); the next sign-in enrols again");
        return group;
    }

    public sealed record CreateAccountRequest(
        [property: StringLength(32, ErrorMessage = "invalid_account_role")] string? AccountRole,
        [property: StringLength(64, ErrorMessage = "invalid_user_name")] string? UserName,
        [property: StringLength(50, ErrorMessage = "invalid_display_name")] string? DisplayName,
        [property: StringLength(6, ErrorMessage = "invalid_county")] string? County,
        Guid? ProviderId,
        Guid? ElderId,
        [property: StringLength(20, ErrorMessage = "invalid_phone")] string? Phone,
        [property: StringLength(500)] string? Reason,
        [property: StringLength(12, ErrorMessage = "invalid_area")] string? Area = null
    );

    public sealed record CreatedAccount(AccountView Account, string? InitialPassword);

    public sealed record ChangeRoleRequest(
        [property: StringLength(32, ErrorMessage = "invalid_account_role")] string? AccountRole,
        [property: StringLength(500)] string? Reason
    );

    public sealed record ReasonRequest([property: StringLength(500)] string? Reason);

    public sealed record PasswordReset(AccountView Account, string InitialPassword);

    public static async Task<Created<CreatedAccount>> Create(
        CreateAccountRequest body,
        HttpContext http,
        AccountCreation creation,
        CancellationToken ct
    )
    {
        var (account, password) = await creation.CreateAsync(http, body, ct);
        return TypedResults.Created(
            $"/api/accounts/{account.AccountId}",
            new CreatedAccount(AccountView.Of(account), password)
        );
    }

    /// <summary>The listing's sort keys (ADR 0031): oldest first by default.</summary>
    public static readonly SortKeys Sorts = new(
        "createdAt",
        "account_id",
        ("createdAt", "created_at"),
        ("userName", "user_name"),
        ("displayName", "display_name"),
        ("accountRole", "account_role"),
        ("status", "status")
    );

    /// <summary>The accounts the caller manages; <c>q</c> is part of the user name or the display name.</summary>
    public static async Task<Ok<Paged<AccountView>>> List(
        HttpContext http,
        AccountAdministration admin,
        CancellationToken ct,
        string? county = null,
        Guid? providerId = null,
        string? accountRole = null,
        int? page = null,
        int? pageSize = null,
        string? sort = null,
        string? q = null
    )
    {
        var paging = PageRequest.Of(page, pageSize, sort, q, Sorts);
        var (total, items) = await admin.ListAsync(http, county, providerId, accountRole, paging, ct);
        return TypedResults.Ok(Paged<AccountView>.Of(paging, total, items.Select(AccountView.Of).ToList()));
    }

    public static async Task<Ok<AccountView>> Me(
        HttpContext http,
        AccountStore accounts,
        IdentityServerOptions options,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var account = Guid.TryParse(caller.Subject, out var id) ? await accounts.FindAsync(id, ct) : null;
        return TypedResults.Ok(AccountView.Of(account ?? throw new NotFoundException("Account")));
    }

    public static async Task<Ok<AccountView>> Get(
        Guid accountId,
        HttpContext http,
        AccountAdministration admin,
        CancellationToken ct
    ) => TypedResults.Ok(AccountView.Of(await admin.VisibleAsync(http, accountId, ct)));

    public static async Task<Ok<AccountView>> ChangeRole(
        Guid accountId,
        ChangeRoleRequest body,
        HttpContext http,
        AccountAdministration admin,
        CancellationToken ct
    ) => TypedResults.Ok(AccountView.Of(await admin.ChangeRoleAsync(http, accountId, body, ct)));

    public static async Task<Ok<AccountView>> Disable(
        Guid accountId,
        ReasonRequest body,
        HttpContext http,
        AccountAdministration admin,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            AccountView.Of(await admin.SetStatusAsync(http, accountId, AccountStatuses.Disabled, body.Reason, ct))
        );

    public static async Task<Ok<AccountView>> Enable(
        Guid accountId,
        ReasonRequest body,
        HttpContext http,
        AccountAdministration admin,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            AccountView.Of(await admin.SetStatusAsync(http, accountId, AccountStatuses.Active, body.Reason, ct))
        );

    public static async Task<Ok<PasswordReset>> ResetPassword(
        Guid accountId,
        ReasonRequest body,
        HttpContext http,
        AccountAdministration admin,
        CancellationToken ct
    )
    {
        var (account, password) = await admin.ResetPasswordAsync(http, accountId, body.Reason, ct);
        return TypedResults.Ok(new PasswordReset(AccountView.Of(account), password));
    }

    public static async Task<Ok<AccountView>> ResetTwoFactor(
        Guid accountId,
        ReasonRequest body,
        HttpContext http,
        AccountAdministration admin,
        CancellationToken ct
    ) => TypedResults.Ok(AccountView.Of(await admin.ResetTwoFactorAsync(http, accountId, body.Reason, ct)));
}
