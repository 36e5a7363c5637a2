using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoveCard.Settlement.Gateway;

/// <summary><c>POST /terminal/v1/activation</c> (TERMINAL-PROTOCOL.md, "Activation"): a one-time code buys the terminal
/// its key.</summary>
public static class TerminalActivationApi
{
    public static RouteGroupBuilder MapTerminalActivationApi(this RouteGroupBuilder terminal)
    {
        terminal
            .MapPost("/activation", Activate)
            .WithSummary("Activate a terminal with its one-time code")
            .AllowUnsignedTerminal()
            .WithName("ActivateTerminal");
        return terminal;
    }

    public sealed record ActivationRequest(
        [property: StringLength(32)] string? TerminalId,
        [property: StringLength(64)] string? ActivationCode
    );

    /// <param name="Key">Standard base64 of the 32-byte terminal key.</param>
    public sealed record ActivationResponse(string Key, int KeyVersion);

    public static async Task<Ok<ActivationResponse>> Activate(
        ActivationRequest? request,
        TerminalStore store,
        TerminalKeys keys,
        TimeProvider time,
        CancellationToken ct
    )
    {
        new ValidationErrors()
            .AddIf(string.IsNullOrWhiteSpace(request?.TerminalId), "terminalId", "required", "terminalId is required.")
            .AddIf(
                string.IsNullOrWhiteSpace(request?.ActivationCode),
                "activationCode",
                "required",
                "activationCode is required."
            )
            .ThrowIfAny();
        var terminalId = request!.TerminalId!;
        var now = time.GetUtcNow();

        var terminal = await store.FindAsync(terminalId, ct);
        // An unknown terminal and a wrong code answer alike, so terminal ids cannot be probed.
        if (terminal?.ActivationCodeHash is not { } storedHash || !HashMatches(request.ActivationCode!, storedHash))
        {
            throw new DomainException(
                401,
                "activation_code_invalid",
                "The terminal id and activation code do not match.",
                "activationCode"
            );
        }

        if (terminal.IsDisabled)
        {
            throw new DomainException(401, "terminal_disabled", "This terminal has been disabled.");
        }

        if (terminal.ActivationCodeUsedAt is not null)
        {
            throw new ConflictException(
                "activation_code_used",
                "This activation code was used already; ask for the terminal to be registered again."
            );
        }

        if (
            terminal.ActivationCodeExpiresAt is not { } expires
            || new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) <= now
        )
        {
            throw new DomainException(
                401,
                "activation_code_expired",
                "This activation code has expired; ask for the terminal to be registered again.",
                "activationCode"
            );
        }

        var keyVersion = await store.ActivateAsync(terminalId, terminal.KeyVersion, keys.CurrentMasterKeyId, now, ct)
            ?? throw new ConflictException(
                "activation_code_used",
                "This activation code was used at the same time by another request."
            );
        var key = keys.For(keys.CurrentMasterKeyId, terminalId, keyVersion)!;
        return TypedResults.Ok(new ActivationResponse(Convert.ToBase64String(key), keyVersion));
    }

    /// <summary>Whitelist publishes the lowercase hex SHA-256 of the code; compared in constant time.</summary>
    private static bool HashMatches(string activationCode, string storedHashHex)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(activationCode)));
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(hash),
            Encoding.ASCII.GetBytes(storedHashHex.ToLowerInvariant())
        );
    }

    private static ValidationErrors AddIf(
        this ValidationErrors errors,
        bool condition,
        string field,
        string code,
        string message
    ) => condition ? errors.Add(field, code, message) : errors;
}
