using Dapper;
using LoveCard.Hosting.Errors;
using Npgsql;

namespace LoveCard.Hosting.Data;

/// <summary>
/// What a setting kept as versions does the same way wherever it is kept (ADR 0043, ADR 0055): the province's
/// charity fund weights, a county's fiscal budget lines. Writers of one setting take its advisory lock for the rest
/// of their transaction, so versions are numbered without gaps or clashes. A change names the version it replaces
/// (the one the user read) and says why (the reason goes to the audit trail); once that version is no longer the
/// newest the change is refused with 409, unless it is the same change, by the same user, already in force: then
/// it is a retry, answered with what is in force, and nothing is written.
/// </summary>
public static class VersionedSetting
{
    /// <summary>Serialises the writers of the setting <paramref name="key"/> until the transaction ends.</summary>
    public static Task LockAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string key,
        CancellationToken ct
    ) =>
        connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key },
                transaction,
                cancellationToken: ct
            )
        );

    /// <summary>
    /// Whether a change that replaces version <paramref name="replaces"/> is a retry of the one in force (true:
    /// write nothing) or may be written as the next version (false); 409 <paramref name="conflictCode"/> when
    /// <paramref name="replaces"/> is no longer the newest. Call it under <see cref="LockAsync"/>.
    /// </summary>
    /// <param name="sameChangeInForce">The version in force holds this change's values, user and reason.</param>
    /// <param name="what">The setting as the message names it, e.g. "The weights".</param>
    public static bool IsRetry(int inForce, int replaces, bool sameChangeInForce, string conflictCode, string what)
    {
        if (inForce == replaces + 1 && sameChangeInForce)
        {
            return true;
        }

        return inForce == replaces
            ? false
            : throw new ConflictException(
                conflictCode,
                $"{what} are at version {inForce} now, not {replaces}: read them again."
            );
    }

    /// <summary>The version a change replaces is required (400 <c>required</c> on <c>version</c>).</summary>
    public static void RequireVersion(ValidationErrors errors, int? version)
    {
        if (version is null)
        {
            errors.Add("version", "required", "version (the one read, 0 for the configuration's) is required.");
        }
    }

    /// <summary>The change's reason, trimmed; 400 <c>reason_required</c> on <c>reason</c> when it gives none.</summary>
    public static string? RequireReason(ValidationErrors errors, string? reason)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add("reason", "reason_required", "reason is required: it goes into the audit trail.");
        }

        return trimmed;
    }
}
