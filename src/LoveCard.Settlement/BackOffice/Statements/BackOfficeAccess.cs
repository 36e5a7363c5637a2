using Dapper;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>
/// Who may see a provider's or an elder's money (ARCHITECTURE.md "Auth"): the provider itself, the
/// bureau and auditors of the provider's county, the province; an elder (or their agent) only their
/// own. An object of another provider or county answers 404, so ids cannot be probed.
/// </summary>
public static class BackOfficeAccess
{
    /// <summary>The provider's county: from the whitelist read model, else from its purchases; 404 when neither knows
    /// it.</summary>
    public static async Task<string> ProviderCountyAsync(
        NpgsqlConnection connection,
        Guid providerId,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT coalesce(
                (SELECT county FROM rm_providers WHERE provider_id = @providerId),
                (SELECT provider_county FROM purchases WHERE provider_id = @providerId LIMIT 1))
            """;
        return await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(sql, new { providerId }, cancellationToken: ct)
        ) ?? throw new NotFoundException("Provider");
    }

    /// <summary>The elder's home county: from the eligibility read model, else from their purchases.</summary>
    public static async Task<string> ElderCountyAsync(NpgsqlConnection connection, Guid elderId, CancellationToken ct)
    {
        const string sql = """
            SELECT coalesce(
                (SELECT home_county FROM rm_elders WHERE elder_id = @elderId),
                (SELECT home_county FROM purchases WHERE elder_id = @elderId AND home_county IS NOT NULL LIMIT 1))
            """;
        return await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(sql, new { elderId }, cancellationToken: ct)
        ) ?? throw new NotFoundException("Elder");
    }

    /// <summary>Provider, bureau, auditor or province; the provider only itself, the others only their
    /// county.</summary>
    public static void RequireProvider(Caller caller, Guid providerId, string providerCounty)
    {
        caller.RequireRole(Roles.Provider, Roles.Bureau, Roles.Auditor, Roles.Province);
        var visible =
            caller.Role == Roles.Provider ? caller.ProviderId == providerId : caller.CoversCounty(providerCounty);
        caller.RequireVisible(visible, "Provider");
    }

    /// <summary>The elder (or their agent), or the bureau, auditors of the elder's home county, the province.</summary>
    public static void RequireElder(Caller caller, Guid elderId, string homeCounty)
    {
        caller.RequireRole(Roles.Elder, Roles.Agent, Roles.Bureau, Roles.Auditor, Roles.Province);
        var visible = caller.Is(Roles.Elder, Roles.Agent)
            ? caller.ActsForElder(elderId)
            : caller.CoversCounty(homeCounty);
        caller.RequireVisible(visible, "Elder");
    }
}
