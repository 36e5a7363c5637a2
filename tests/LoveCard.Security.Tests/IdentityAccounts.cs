using LoveCard.Contracts;
using LoveCard.Hosting.PersonalData;
using LoveCard.Identity.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Security.Tests;

/// <summary>
/// The identity accounts behind the matrix's callers (identity re-reads the caller's account by
/// <c>sub</c>, so a token alone grants nothing there): bur = bureau admin, pvd = provider admin,
/// the others their plain role; and the target of the account endpoints, a bureau clerk of county A.
/// Made straight through the account store: the accounts API itself is what the matrix tests.
/// </summary>
public static class IdentityAccounts
{
    public static async Task SeedAsync(World world)
    {
        var store = Services.Identity.Services.GetRequiredService<AccountStore>();
        var protector = Services.Identity.Services.GetRequiredService<PersonalDataProtector>();
        var context = new AccountChangeContext(Actor.System("security-tests"), "matrix caller", null);
        async Task<string> MakeAsync(
            string caller,
            string role,
            string? county = null,
            Guid? provider = null,
            Guid? elder = null,
            string? phone = null,
            string? area = null
        )
        {
            var account = new Account
            {
                AccountId = Guid.NewGuid(),
                AccountRole = role,
                Status = AccountStatuses.Active,
                DisplayName = "矩阵 " + caller,
                UserName = phone is null ? $"matrix-{caller}-{Guid.NewGuid():N}"[..40] : null,
                County = county,
                Area = area,
                ProviderId = provider,
                ElderId = elder,
                PhoneHash = phone is null ? null : protector.Hash(phone),
                PhoneMasked = phone is null ? null : PersonalDataProtector.MaskPhone(phone),
            };
            await store.InsertAsync(account, context, CancellationToken.None);
            world.Subjects[caller] = account.Subject;
            return account.Subject;
        }

        await MakeAsync("prov", AccountRoles.ProvinceAdmin);
        await MakeAsync("bur", AccountRoles.BureauAdmin, world.A.County);
        await MakeAsync("bur-x", AccountRoles.BureauAdmin, world.B.County);
        await MakeAsync("op", AccountRoles.Operator, world.A.County);
        await MakeAsync("op-x", AccountRoles.Operator, world.B.County);
        await MakeAsync("aud", AccountRoles.Auditor, world.A.County);
        await MakeAsync("aud-x", AccountRoles.Auditor, world.B.County);
        await MakeAsync("pvd", AccountRoles.ProviderAdmin, world.A.County, world.A.ProviderId);
        await MakeAsync("pvd-x", AccountRoles.ProviderAdmin, world.B.County, world.B.ProviderId);
        await MakeAsync("eld", AccountRoles.Elder, world.A.County, elder: world.A.ElderId, phone: "13700000001");
        await MakeAsync("eld-x", AccountRoles.Elder, world.B.County, elder: world.B.ElderId, phone: "13700000002");
        await MakeAsync("agt", AccountRoles.Agent, phone: "13700000003");
        await MakeAsync("agt-x", AccountRoles.Agent, phone: "13700000004");
        foreach (var caller in new[] { "twp", "twp-x", "vil", "vil-x" })
        {
            var role = caller.StartsWith('t') ? AccountRoles.TownshipOfficial : AccountRoles.VillageOfficial;
            await MakeAsync(caller, role, world.A.County, area: AreaOf(world, caller));
        }

        world.Values["accountId"] = await MakeAsync("target", AccountRoles.BureauClerk, world.A.County);
        world.Subjects.Remove("target");
    }

    /// <summary>
    /// The area of a township or village column (ADR 0044): "twp" is elder A's township, "vil" elder A's
    /// village; their "-x" twins are another township, another village, of the same county A.
    /// </summary>
    public static string AreaOf(World world, string caller) =>
        caller switch
        {
            "twp" => world.A.Village[..9],
            "twp-x" => world.A.County + "999",
            "vil" => world.A.Village,
            "vil-x" => world.A.Village[..9] + "999",
            _ => throw new InvalidOperationException($"{caller} is no area column."),
        };
}
