using LoveCard.Hosting.Auth;

namespace LoveCard.Identity.Accounts;

/// <summary>
/// The account roles, the token role each signs in as, which need a second factor, and who may
/// make whose account (docs/identity.md "The account tree"). Nobody grants a role above their own
/// or outside their county or provider: the province is above every county, a bureau admin is
/// above its county's clerks, auditors, operators, elders and its providers' admins, a provider
/// admin above its accountants and cashiers.
/// </summary>
public static class AccountRoles
{
    public const string ProvinceAdmin = "province_admin";
    public const string BureauAdmin = "bureau_admin";
    public const string BureauClerk = "bureau_clerk";
    public const string Operator = "operator";
    public const string Auditor = "auditor";
    public const string ProviderAdmin = "provider_admin";
    public const string ProviderAccountant = "provider_accountant";
    public const string ProviderCashier = "provider_cashier";
    public const string Elder = "elder";
    public const string Agent = "agent";
    public const string TownshipOfficial = "township_official"; // 乡镇/街道: reads its township (ADR 0044)
    public const string VillageOfficial = "village_official"; // 村/社区: reads its village (ADR 0044)

    public static readonly IReadOnlyList<string> All =
    [
        ProvinceAdmin,
        BureauAdmin,
        BureauClerk,
        Operator,
        Auditor,
        ProviderAdmin,
        ProviderAccountant,
        ProviderCashier,
        Elder,
        Agent,
        TownshipOfficial,
        VillageOfficial,
    ];

    public static readonly IReadOnlyList<string> Staff =
    [
        ProvinceAdmin,
        BureauAdmin,
        BureauClerk,
        Operator,
        Auditor,
        ProviderAdmin,
        ProviderAccountant,
        ProviderCashier,
        TownshipOfficial,
        VillageOfficial,
    ];

    /// <summary>The <c>role</c> claim the services check.</summary>
    public static string TokenRole(string accountRole) =>
        accountRole switch
        {
            ProvinceAdmin => Roles.Province,
            BureauAdmin or BureauClerk => Roles.Bureau,
            Operator => Roles.Operator,
            Auditor => Roles.Auditor,
            ProviderAdmin or ProviderAccountant or ProviderCashier => Roles.Provider,
            Elder => Roles.Elder,
            Agent => Roles.Agent,
            TownshipOfficial => Roles.Township,
            VillageOfficial => Roles.Village,
            _ => throw new ArgumentOutOfRangeException(nameof(accountRole), accountRole, "Unknown account role."),
        };

    /// <summary>Roles that move money or data sign in with a TOTP code as well.</summary>
    public static bool RequiresTotp(string accountRole) =>
        accountRole is ProvinceAdmin or BureauAdmin or BureauClerk or ProviderAdmin;

    public static bool IsCountyRole(string accountRole) =>
        accountRole is BureauAdmin or BureauClerk or Operator or Auditor;

    /// <summary>Officials of one area of a county: their account names the county and the area's division code
    /// (<see cref="AreaLength"/> digits).</summary>
    public static bool IsAreaRole(string accountRole) => accountRole is TownshipOfficial or VillageOfficial;

    /// <summary>A township's division code has 9 digits, a village's 12; 0 for the other roles.</summary>
    public static int AreaLength(string accountRole) =>
        accountRole switch
        {
            TownshipOfficial => 9,
            VillageOfficial => 12,
            _ => 0,
        };

    public static bool IsProviderRole(string accountRole) =>
        accountRole is ProviderAdmin or ProviderAccountant or ProviderCashier;

    /// <summary>
    /// The roles an account of <paramref name="grantorRole"/> may give (in its own county or provider;
    /// the province in any). The first province admin comes from the bootstrap configuration.
    /// </summary>
    public static IReadOnlyList<string> Grantable(string grantorRole) =>
        grantorRole switch
        {
            ProvinceAdmin =>
            [
                BureauAdmin,
                BureauClerk,
                Operator,
                Auditor,
                ProviderAdmin,
                ProviderAccountant,
                ProviderCashier,
                Elder,
                TownshipOfficial,
                VillageOfficial,
            ],
            BureauAdmin => [BureauClerk, Operator, Auditor, ProviderAdmin, Elder, TownshipOfficial, VillageOfficial],
            BureauClerk or Operator => [Elder],
            ProviderAdmin => [ProviderAccountant, ProviderCashier],
            _ => [],
        };
}
