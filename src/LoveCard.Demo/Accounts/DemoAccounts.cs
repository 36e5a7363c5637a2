using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoveCard.Demo.Accounts;

/// <summary>
/// The demo's people at the identity service, made through its accounts API with the demo's
/// machine client (client credentials, acting as the province), then signed in once through the
/// pages to set a Development-only password and enrol TOTP where the role needs it. The elder signs
/// in by SMS; the family agent's account comes from the agent consent the cards service recorded.
/// Passwords and TOTP secrets are printed and kept in <c>.run/demo-accounts.json</c> (mode 0600), so a
/// second run prints them again instead of making anything twice.
/// </summary>
public sealed class DemoAccounts(DemoOptions options, TextWriter output)
{
    public const string ProvinceAdmin = "province-admin";
    public const string ProvinceAdminPassword = "Demo-Province-330900!";
    public const string ElderPhone = "13800000001";
    public const string AgentPhone = "13900000000";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private string StateFile => Path.Combine(options.RunDirectory, "demo-accounts.json");

    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(
        IReadOnlyDictionary<string, Guid> providersByTerminal,
        Guid elderId,
        CancellationToken ct
    )
    {
        var known = Load();
        using var api = new ServiceApi("identity", options.IdentityUrl!);
        var token = await MachineTokenAsync(ct);
        var wanted = new List<(string UserName, string Role, string Who, object Body)>
        {
            ("bureau-admin-330903", "bureau_admin", "330903 民政局管理员", new { county = DemoCounty.Home }),
            ("clerk-maker-330903", "bureau_clerk", "330903 经办人 (maker)", new { county = DemoCounty.Home }),
            ("clerk-checker-330903", "bureau_clerk", "330903 复核人 (checker)", new { county = DemoCounty.Home }),
            ("auditor-330903", "auditor", "330903 审计员", new { county = DemoCounty.Home }),
            (
                $"township-{DemoCounty.TownshipA}",
                "township_official",
                $"{DemoCounty.TownshipA} 乡镇干部",
                new { county = DemoCounty.Home, area = DemoCounty.TownshipA }
            ),
            (
                $"village-{DemoCounty.VillageA}",
                "village_official",
                $"{DemoCounty.VillageA} 村干部",
                new { county = DemoCounty.Home, area = DemoCounty.VillageA }
            ),
        };
        var n = 0;
        foreach (var provider in DemoCounty.Providers)
        {
            var where = new { providerId = providersByTerminal[provider.TerminalId] };
            wanted.Add(($"accountant-{++n}", "provider_accountant", provider.Name + " 会计", where));
        }

        await ProvinceAdminAsync(known, ct);
        var i = 0;
        foreach (var (userName, role, who, where) in wanted)
        {
            i++;
            if (known.ContainsKey(userName))
            {
                continue;
            }

            var body = JsonNode.Parse(JsonSerializer.Serialize(where, Json))!.AsObject();
            body["accountRole"] = role;
            body["userName"] = userName;
            body["displayName"] = who;
            body["reason"] = "demo account";
            // Identity hears of the demo's providers through whitelist's events: wait for them.
            var created = await WaitForAsync(
                $"make {userName}",
                async () =>
                {
                    var answer = await api.SendAsync(
                        $"make {userName}",
                        HttpMethod.Post,
                        "/api/accounts",
                        token,
                        System.Net.Http.Json.JsonContent.Create(body),
                        null,
                        ct
                    );
                    return answer.Code is "provider_unknown" ? null : answer;
                },
                ct
            );
            if (created.Status == HttpStatusCode.Conflict)
            {
                known[userName] = new DemoAccount(userName, role, who, null, null);
                continue;
            }

            ServiceApi.Expect(created, "identity", $"make {userName}");
            var password = $"Demo-Pass-{i:00}!";
            using var browser = new SignInBrowser(options.IdentityUrl!, options.Time);
            var signedIn = await browser.SignInStaffAsync(
                userName,
                created.Body!["initialPassword"]!.GetValue<string>(),
                password,
                ct: ct
            );
            Require(signedIn, userName);
            known[userName] = new DemoAccount(userName, role, who, password, signedIn.TotpSecret);
            Save(known);
        }

        await ElderAsync(api, token, elderId, known, ct);
        known[AgentPhone] = new DemoAccount(
            AgentPhone,
            "agent",
            $"家属代办人 (agent for {DemoCounty.FaceCard} and {DemoCounty.ReplacedCard}, from their consents)",
            null,
            null
        );
        Save(known);
        Print(known.Values);
        return known.Values.ToList();
    }

    private async Task ProvinceAdminAsync(Dictionary<string, DemoAccount> known, CancellationToken ct)
    {
        if (known.ContainsKey(ProvinceAdmin))
        {
            return;
        }

        using var browser = new SignInBrowser(options.IdentityUrl!, options.Time);
        var signedIn = await browser.SignInStaffAsync(ProvinceAdmin, ProvinceAdminPassword, ct: ct);
        if (signedIn.Outcome == SignInBrowser.Outcome.NeedsTotp)
        {
            // Enrolled by a seed whose state file is not here (another checkout on this machine).
            throw new DemoStepException(
                "identity",
                $"first sign-in of {ProvinceAdmin}",
                null,
                signedIn.Outcome.ToString(),
                $"an earlier seed of this database enrolled its TOTP and {StateFile} does not know the secret: "
                    + "copy demo-accounts.json from that checkout's .run, or run deploy/local/run.sh --fresh"
            );
        }

        Require(signedIn, ProvinceAdmin);
        known[ProvinceAdmin] = new DemoAccount(
            ProvinceAdmin,
            "province_admin",
            "省民政厅管理员 (bootstrap)",
            ProvinceAdminPassword,
            signedIn.TotpSecret
        );
        Save(known);
    }

    private async Task ElderAsync(
        ServiceApi api,
        string token,
        Guid elderId,
        Dictionary<string, DemoAccount> known,
        CancellationToken ct
    )
    {
        if (known.ContainsKey(ElderPhone))
        {
            return;
        }

        var body = new
        {
            accountRole = "elder",
            elderId,
            phone = ElderPhone,
            reason = "demo elder",
        };
        var created = await WaitForAsync(
            "make the elder's account",
            async () =>
            {
                var answer = await api.SendAsync(
                    "make the elder's account",
                    HttpMethod.Post,
                    "/api/accounts",
                    token,
                    System.Net.Http.Json.JsonContent.Create(body),
                    null,
                    ct
                );
                return answer.Code is "elder_unknown" ? null : answer;
            },
            ct
        );
        ServiceApi.Expect(created, "identity", "make the elder's account", HttpStatusCode.Conflict);
        var who = $"老年人 (card {DemoCounty.Category1Card})";
        known[ElderPhone] = new DemoAccount(ElderPhone, "elder", who, null, null);
    }

    private async Task<string> MachineTokenAsync(CancellationToken ct)
    {
        using var browser = new SignInBrowser(options.IdentityUrl!, options.Time);
        try
        {
            return (
                await browser.TokenAsync(
                    new()
                    {
                        ["grant_type"] = "client_credentials",
                        ["client_id"] = options.IdentityClientId,
                        ["client_secret"] = options.IdentityClientSecret,
                        ["scope"] = "lovecard",
                    },
                    ct
                )
            ).AccessToken;
        }
        catch (TokenRefusedException e)
        {
            throw new DemoStepException(
                "identity",
                "client credentials for the demo's machine client",
                HttpStatusCode.BadRequest,
                e.Error,
                $"{e.Message} (run.sh registers {options.IdentityClientId} in Development)"
            );
        }
    }

    private static void Require(SignInBrowser.Result result, string userName)
    {
        if (result.Outcome != SignInBrowser.Outcome.SignedIn)
        {
            throw new DemoStepException(
                "identity",
                $"first sign-in of {userName}",
                null,
                result.Outcome.ToString(),
                "the sign-in pages did not finish"
            );
        }
    }

    private async Task<ApiAnswer> WaitForAsync(string step, Func<Task<ApiAnswer?>> probe, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + options.WaitTimeout;
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoStepException(
                    "identity",
                    step,
                    null,
                    null,
                    "identity has not heard of the object yet (are events flowing?)"
                );
            }

            await Task.Delay(300, ct);
        }
    }

    /// <summary>
    /// The TOTP code of this moment for a demo account that has one, so a person trying the console
    /// needs no authenticator app; null when the account is unknown here or signs in without TOTP.
    /// </summary>
    public string? CurrentTotp(string userName) =>
        Load().GetValueOrDefault(userName)?.TotpSecret is { } secret
            ? new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow)
            : null;

    private void Print(IEnumerable<DemoAccount> accounts)
    {
        output.WriteLine();
        output.WriteLine($"Demo accounts at {options.IdentityUrl} (Development only; also in {StateFile}):");
        foreach (var a in accounts)
        {
            var secret = a.TotpSecret is null ? "" : $"  TOTP secret {a.TotpSecret}";
            var password = a.Password is null
                ? a.AccountRole is "elder" or "agent"
                    ? "  SMS code (Development: see .run/sms.log)"
                    : "  (password set before)"
                : $"  password {a.Password}";
            output.WriteLine($"  {a.UserName, -22} {a.AccountRole, -20}{password}{secret}   {a.Who}");
        }
    }

    private Dictionary<string, DemoAccount> Load() =>
        File.Exists(StateFile)
            ? JsonSerializer
                .Deserialize<List<DemoAccount>>(File.ReadAllText(StateFile), Json)!
                .ToDictionary(a => a.UserName)
            : [];

    private void Save(Dictionary<string, DemoAccount> accounts)
    {
        Directory.CreateDirectory(options.RunDirectory);
        File.WriteAllText(StateFile, JsonSerializer.Serialize(accounts.Values.ToList(), Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(StateFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
