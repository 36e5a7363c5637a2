using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Identity;
using LoveCard.Identity.Accounts;
using Npgsql;

namespace LoveCard.Identity.Agents;

/// <summary>
/// Family agents and the elders they act for. A link is made only from a consent the cards
/// service recorded; it ends when that consent is withdrawn or someone entitled unlinks it here.
/// Ending a link revokes the agent's refresh tokens in the same transaction, and agents' access
/// tokens live only minutes (Identity:AgentAccessTokenMinutes), so the elder leaves the agent's
/// hands at once for new tokens and within those minutes for one already issued.
/// </summary>
public sealed class AgentLinks(AccountStore accounts, TimeProvider time)
{
    public sealed record Link(Guid ElderId, Guid CardId, string HomeCounty, Guid ConsentId, string? Relation);

    /// <summary>Links the agent with this phone hash to the elder, making the agent's account on first use.</summary>
    public async Task<IReadOnlyList<AccountEvent>> LinkAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string phoneHash,
        string? phoneMasked,
        Link link,
        AccountChangeContext context,
        CancellationToken ct
    )
    {
        await LockAsync(connection, transaction, phoneHash, ct);
        var events = new List<AccountEvent>();
        var account = await connection.QuerySingleOrDefaultAsync<Account>(
            new CommandDefinition(
                "SELECT * FROM accounts WHERE phone_hash = @phoneHash FOR UPDATE",
                new { phoneHash },
                transaction,
                cancellationToken: ct
            )
        );
        if (account is null)
        {
            account = new Account
            {
                AccountId = Guid.CreateVersion7(time.GetUtcNow()),
                AccountRole = AccountRoles.Agent,
                Status = AccountStatuses.Active,
                DisplayName = "家属代办人 " + phoneMasked,
                PhoneHash = phoneHash,
                PhoneMasked = phoneMasked,
            };
            await accounts.InsertAsync(connection, transaction, account, context, ct);
        }
        else if (account.AccountRole != AccountRoles.Agent)
        {
            // The number belongs to an elder's own account: one number, one account; the link waits for a separate
            // number.
            return events;
        }

        const string upsert = """
            INSERT INTO agent_links (agent_phone_hash, elder_id, card_id, home_county, consent_id, relation, linked_at)
            VALUES (@phoneHash, @ElderId, @CardId, @HomeCounty, @ConsentId, @Relation, @now)
            ON CONFLICT (agent_phone_hash, elder_id) DO UPDATE SET card_id = @CardId, home_county = @HomeCounty,
                consent_id = @ConsentId, relation = @Relation, linked_at = @now, unlinked_at = NULL, unlinked_by = NULL
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                upsert,
                new
                {
                    phoneHash,
                    link.ElderId,
                    link.CardId,
                    link.HomeCounty,
                    link.ConsentId,
                    link.Relation,
                    now = time.GetUtcNow(),
                },
                transaction,
                cancellationToken: ct
            )
        );
        account = await BumpAsync(connection, transaction, account.AccountId, ct);
        events.Add(
            AccountEvents.Describe(
                Blank<AgentLinked>() with
                {
                    LinkedElderId = link.ElderId,
                    ElderCounty = link.HomeCounty,
                    ConsentId = link.ConsentId,
                    Relation = link.Relation,
                },
                account,
                context
            )
        );
        return events;
    }

    /// <summary>
    /// Ends the links of the elder (with one agent's phone hash, or every agent's when null); revokes their tokens.
    /// </summary>
    public async Task<IReadOnlyList<AccountEvent>> UnlinkAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid elderId,
        string? phoneHash,
        AccountChangeContext context,
        CancellationToken ct
    )
    {
        const string sql = """
            UPDATE agent_links SET unlinked_at = @now, unlinked_by = @by
            WHERE elder_id = @elderId AND unlinked_at IS NULL
              AND (@phoneHash::text IS NULL OR agent_phone_hash = @phoneHash)
            RETURNING agent_phone_hash, home_county
            """;
        var ended = (
            await connection.QueryAsync<(string PhoneHash, string HomeCounty)>(
                new CommandDefinition(
                    sql,
                    new
                    {
                        now = time.GetUtcNow(),
                        by = context.Actor.Id,
                        elderId,
                        phoneHash,
                    },
                    transaction,
                    cancellationToken: ct
                )
            )
        ).ToList();
        var events = new List<AccountEvent>();
        foreach (var (hash, county) in ended)
        {
            var accountId = await connection.ExecuteScalarAsync<Guid?>(
                new CommandDefinition(
                    "SELECT account_id FROM accounts WHERE phone_hash = @hash",
                    new { hash },
                    transaction,
                    cancellationToken: ct
                )
            );
            if (accountId is not { } id)
            {
                continue;
            }

            var account = await BumpAsync(connection, transaction, id, ct);
            await AccountStore.RevokeTokensAsync(connection, transaction, account.Subject, ct);
            events.Add(
                AccountEvents.Describe(
                    Blank<AgentUnlinked>() with
                    {
                        LinkedElderId = elderId,
                        ElderCounty = county,
                    },
                    account,
                    context
                )
            );
        }

        return events;
    }

    private static Task LockAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string phoneHash,
        CancellationToken ct
    ) =>
        connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended('identity:agent:' || @phoneHash, 0))",
                new { phoneHash },
                transaction,
                cancellationToken: ct
            )
        );

    private async Task<Account> BumpAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid accountId,
        CancellationToken ct
    ) =>
        await connection.QuerySingleAsync<Account>(
            new CommandDefinition(
                "UPDATE accounts SET version = version + 1, updated_at = @now WHERE account_id = @accountId RETURNING "
                    + "*",
                new { accountId, now = time.GetUtcNow() },
                transaction,
                cancellationToken: ct
            )
        );

    private TEvent Blank<TEvent>()
        where TEvent : AccountEvent => AccountEvents.Blank<TEvent>(time.GetUtcNow());
}
