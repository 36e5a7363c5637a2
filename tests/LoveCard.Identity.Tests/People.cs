using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Demo.Accounts;
using LoveCard.Identity.Tests.Oidc;

namespace LoveCard.Identity.Tests;

/// <summary>
/// Accounts made through the accounts API (as the province's machine client or a given caller) and signed in through
/// the pages.
/// </summary>
public static class People
{
    public const string ConsoleClient = "lovecard-console";
    public static readonly Uri ConsoleRedirect = new("http://127.0.0.1:5100/signin-oidc");
    public const string NewPassword = "Zhe-Jiang-2026!ok";

    private static int _sequence;

    public static string UniqueName(string prefix) =>
        $"{prefix}{Environment.ProcessId % 1000}x{Interlocked.Increment(ref _sequence)}";

    public sealed record Made(Guid AccountId, string UserName, string InitialPassword);

    /// <summary>
    /// Makes an account with <paramref name="token"/> (default: the province's machine client); fails the test unless
    /// 201.
    /// </summary>
    public static async Task<Made> CreateAsync(object body, string? token = null)
    {
        var response = await PostAsync("/api/accounts", body, token ?? await A_machine_client.TokenAsync());
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        var node = JsonNode.Parse(text)!;
        return new Made(
            node["account"]!["accountId"]!.GetValue<Guid>(),
            node["account"]!["userName"]?.GetValue<string>() ?? "",
            node["initialPassword"]?.GetValue<string>() ?? ""
        );
    }

    public static Task<Made> StaffAsync(string accountRole, string? county = null, Guid? providerId = null) =>
        CreateAsync(
            new
            {
                accountRole,
                userName = UniqueName(accountRole.Replace('_', '-')),
                displayName = "测试人员",
                county,
                providerId,
                reason = "test",
            }
        );

    public static async Task<HttpResponseMessage> PostAsync(string path, object body, string token)
    {
        using var client = Hosts.Identity.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.PostAsJsonAsync(path, body);
    }

    public static SignInBrowser Browser() => new(Hosts.Issuer);

    /// <summary>
    /// The whole code flow for a staff account made with an initial password: change it, enrol TOTP if the role needs
    /// it, get tokens.
    /// </summary>
    public static async Task<(SignInBrowser.Tokens Tokens, string? TotpSecret)> SignInAsync(
        SignInBrowser browser,
        Made person,
        string? totpSecret = null,
        string? password = null
    )
    {
        string? secret = totpSecret;
        var tokens = await browser.CodeFlowAsync(ConsoleClient, ConsoleRedirect, async authorize =>
        {
            var result = await browser.SignInStaffAsync(
                person.UserName,
                password ?? person.InitialPassword,
                NewPassword,
                totpSecret,
                authorize
            );
            secret = result.TotpSecret;
            return result;
        });
        return (tokens, secret);
    }

    public static HttpClient Client(string service, string token)
    {
        var client = Hosts.Services[service].CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
