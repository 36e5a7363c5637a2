using System.ComponentModel.DataAnnotations;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Identity.Oidc;

/// <summary>A roll-over on demand (a suspected key leak, or a drill): the province only.</summary>
public static class SigningKeysApi
{
    public static RouteGroupBuilder MapSigningKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/signing-keys")
            .WithTags("Signing keys")
            .RequirePeople()
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group
            .MapPost("/rotate", Rotate)
            .WithSummary(
                "Publish a new signing key now; it signs after the publication lead, the old one stays published a "
                    + "while"
            );
        return group;
    }

    public sealed record RotateRequest([property: StringLength(500)] string? Reason);

    public sealed record Rotated(string KeyId, DateTimeOffset SignsFrom, IReadOnlyList<string> PublishedKeyIds);

    public static async Task<Ok<Rotated>> Rotate(
        RotateRequest body,
        HttpContext http,
        TokenKeyStore store,
        TokenKeyRing ring,
        IdentityServerOptions options,
        TimeProvider time,
        ILoggerFactory logs,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Province);
        var keyId = await store.RotateSigningKeyAsync(ct);
        var keys = await store.LoadAsync(ct);
        ring.Load(keys);
        logs.CreateLogger("LoveCard.Identity.SigningKeys")
            .LogWarning("Signing key rotated by {Subject}: {KeyId} ({Reason})", caller.Subject, keyId, body.Reason);
        var signsFrom = time.GetUtcNow().AddMinutes(options.SigningKeys.PublishBeforeUseMinutes);
        return TypedResults.Ok(
            new Rotated(keyId, signsFrom, keys.Where(k => k.Use == "sig").Select(k => k.KeyId).ToList())
        );
    }
}
