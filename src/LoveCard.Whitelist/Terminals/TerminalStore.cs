using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Terminals;

/// <summary>
/// Service settlement terminals (服务结算终端). Each registration or re-registration draws a new
/// activation code, stores only its hash and publishes <see cref="TerminalRegistered"/> in the same
/// transaction; the code itself leaves only in the HTTP answer.
/// </summary>
public sealed class TerminalStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    internal const string Columns = """
        terminal_id, provider_id, county, model, latitude, longitude, opens_at, closes_at, status,
        activation_code_hash, activation_code_expires_at, version, registered_at, disabled_at
        """;

    public async Task<(TerminalRow Terminal, string ActivationCode)> RegisterAsync(
        Guid providerId,
        Action<ProviderRow> authorise,
        NewTerminal terminal,
        Actor actor,
        string reason,
        CancellationToken ct
    )
    {
        const string insert = """
            INSERT INTO terminals (terminal_id, provider_id, county, model, latitude, longitude, opens_at, closes_at,
                status,
                activation_code_hash, activation_code_expires_at, version, registered_at)
            VALUES (@TerminalId, @ProviderId, @County, @Model, @Latitude, @Longitude, @OpensAt, @ClosesAt, @Status,
                @ActivationCodeHash, @ActivationCodeExpiresAt, @Version, @RegisteredAt)
            ON CONFLICT DO NOTHING
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var provider = await ProviderStore.LockAsync(connection, transaction, providerId, ct)
            ?? throw new NotFoundException("Provider");
        authorise(provider);
        if (provider.Status == ProviderStatuses.Exited)
        {
            throw new ConflictException(
                "provider_exited",
                "The provider has exited the whitelist; it cannot register terminals."
            );
        }

        var now = time.GetUtcNow();
        var code = ActivationCodes.New();
        for (var attempt = 0; ; attempt++)
        {
            var row = new TerminalRow
            {
                TerminalId = terminal.TerminalId ?? ActivationCodes.NewTerminalId(),
                ProviderId = providerId,
                County = provider.County,
                Model = terminal.Model,
                Latitude = terminal.Latitude,
                Longitude = terminal.Longitude,
                OpensAt = terminal.OpensAt,
                ClosesAt = terminal.ClosesAt,
                Status = TerminalStatuses.Active,
                ActivationCodeHash = ActivationCodes.Hash(code),
                ActivationCodeExpiresAt = now + ActivationCodes.Validity,
                Version = 1,
                RegisteredAt = now,
            };
            if (
                await connection.ExecuteAsync(new CommandDefinition(insert, row, transaction, cancellationToken: ct))
                == 1
            )
            {
                await Outbox.AddAsync(connection, transaction, Registered(row, actor, reason, now), ct);
                await transaction.CommitAsync(ct);
                return (row, code);
            }

            if (terminal.TerminalId is not null)
            {
                // The same id in any case (the unique index on lower(terminal_id), finding S-10).
                throw new ConflictException(
                    "terminal_id_taken",
                    $"The terminal id {terminal.TerminalId} is already registered (ids ignore case)."
                );
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException("Could not draw an unused terminal id");
            }
        }
    }

    /// <summary>A new activation code for an existing terminal; the old code stops counting (settlement keeps the
    /// newest hash).</summary>
    public async Task<(TerminalRow Terminal, string ActivationCode)> ReissueAsync(
        Guid providerId,
        string terminalId,
        Action<ProviderRow> authorise,
        Actor actor,
        string reason,
        CancellationToken ct
    )
    {
        const string update = """
            UPDATE terminals SET activation_code_hash = @hash, activation_code_expires_at = @expires, version = version
                + 1
            WHERE terminal_id = @terminalId
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var terminal = await LockTerminalAsync(connection, transaction, providerId, terminalId, authorise, ct);
        if (terminal.Status == TerminalStatuses.Disabled)
        {
            throw new ConflictException("terminal_disabled", "The terminal is disabled; register a new one instead.");
        }

        var now = time.GetUtcNow();
        var code = ActivationCodes.New();
        var changed = terminal with
        {
            ActivationCodeHash = ActivationCodes.Hash(code),
            ActivationCodeExpiresAt = now + ActivationCodes.Validity,
            Version = terminal.Version + 1,
        };
        await connection.ExecuteAsync(
            new CommandDefinition(
                update,
                new
                {
                    hash = changed.ActivationCodeHash,
                    expires = changed.ActivationCodeExpiresAt,
                    terminalId,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(connection, transaction, Registered(changed, actor, reason, now), ct);
        await transaction.CommitAsync(ct);
        return (changed, code);
    }

    public async Task<TerminalRow> DisableAsync(
        Guid providerId,
        string terminalId,
        Action<ProviderRow> authorise,
        Actor actor,
        string reason,
        CancellationToken ct
    )
    {
        const string update =
            "UPDATE terminals SET status = 'disabled', disabled_at = @now, version = version + 1 WHERE terminal_id = "
            + "@terminalId";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var terminal = await LockTerminalAsync(connection, transaction, providerId, terminalId, authorise, ct);
        if (terminal.Status == TerminalStatuses.Disabled)
        {
            throw new ConflictException("terminal_already_disabled", "The terminal is already disabled.");
        }

        var now = time.GetUtcNow();
        var changed = terminal with
        {
            Status = TerminalStatuses.Disabled,
            DisabledAt = now,
            Version = terminal.Version + 1,
        };
        await connection.ExecuteAsync(
            new CommandDefinition(update, new { now, terminalId }, transaction, cancellationToken: ct)
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new TerminalDisabled
            {
                AggregateId = terminalId,
                AggregateVersion = changed.Version,
                Actor = actor,
                Reason = reason,
                OccurredAt = now,
                TerminalId = terminalId,
                ProviderId = providerId,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return changed;
    }

    public async Task<IReadOnlyList<TerminalRow>> ListAsync(Guid providerId, CancellationToken ct)
    {
        const string sql =
            $"SELECT {Columns} FROM terminals WHERE provider_id = @providerId ORDER BY registered_at, terminal_id";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (
            await connection.QueryAsync<TerminalRow>(
                new CommandDefinition(sql, new { providerId }, cancellationToken: ct)
            )
        ).AsList();
    }

    /// <summary>The provider is checked first (404 for a provider the caller may not see), then the terminal must be
    /// its own.</summary>
    private static async Task<TerminalRow> LockTerminalAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid providerId,
        string terminalId,
        Action<ProviderRow> authorise,
        CancellationToken ct
    )
    {
        const string sql =
            $"SELECT {Columns} FROM terminals WHERE terminal_id = @terminalId AND provider_id = @providerId FOR UPDATE";
        var provider = await ProviderStore.LockAsync(connection, transaction, providerId, ct)
            ?? throw new NotFoundException("Provider");
        authorise(provider);
        return await connection.QuerySingleOrDefaultAsync<TerminalRow>(
            new CommandDefinition(sql, new { terminalId, providerId }, transaction, cancellationToken: ct)
        ) ?? throw new NotFoundException("Terminal");
    }

    internal static TerminalRegistered Registered(TerminalRow t, Actor actor, string reason, DateTimeOffset now) =>
        new()
        {
            AggregateId = t.TerminalId,
            AggregateVersion = t.Version,
            Actor = actor,
            Reason = reason,
            OccurredAt = now,
            TerminalId = t.TerminalId,
            ProviderId = t.ProviderId,
            County = t.County,
            ActivationCodeHash = t.ActivationCodeHash,
            ActivationCodeExpiresAt = t.ActivationCodeExpiresAt,
            Model = t.Model,
            Latitude = t.Latitude,
            Longitude = t.Longitude,
            OpensAt = t.OpensAt,
            ClosesAt = t.ClosesAt,
        };
}
