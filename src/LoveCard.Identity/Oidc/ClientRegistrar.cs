using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LoveCard.Identity.Oidc;

/// <summary>
/// Registers the clients from configuration at start-up (create or update): the web console, a
/// public client with authorization code + PKCE and refresh tokens, and the machine clients with
/// client credentials. No client may use the password grant; the server does not offer it.
/// </summary>
public sealed class ClientRegistrar(IServiceScopeFactory scopes, IdentityServerOptions options)
{
    public const string ApiScope = "lovecard";

    public async Task RegisterAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var console = new OpenIddictApplicationDescriptor
        {
            ClientId = options.Console.ClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "LoveCard console",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Prefixes.Scope + ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in options.Console.RedirectUris)
        {
            console.RedirectUris.Add(uri);
        }

        foreach (var uri in options.Console.PostLogoutRedirectUris)
        {
            console.PostLogoutRedirectUris.Add(uri);
        }

        await UpsertAsync(applications, console, ct);
        foreach (var machine in options.MachineClients.Where(m => m.ClientId.Length > 0))
        {
            await UpsertAsync(
                applications,
                new OpenIddictApplicationDescriptor
                {
                    ClientId = machine.ClientId,
                    ClientSecret = machine.ClientSecret,
                    ClientType = ClientTypes.Confidential,
                    DisplayName = machine.DisplayName.Length > 0 ? machine.DisplayName : machine.ClientId,
                    Permissions =
                    {
                        Permissions.Endpoints.Token,
                        Permissions.GrantTypes.ClientCredentials,
                        Permissions.Prefixes.Scope + ApiScope,
                    },
                },
                ct
            );
        }
    }

    private static async Task UpsertAsync(
        IOpenIddictApplicationManager applications,
        OpenIddictApplicationDescriptor descriptor,
        CancellationToken ct
    )
    {
        var existing = await applications.FindByClientIdAsync(descriptor.ClientId!, ct);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, ct);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, ct);
        }
    }
}
