using System.Security.Cryptography;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.PersonalData;
using LoveCard.Hosting.Secrets;
using LoveCard.Settlement.Gateway;
using LoveCard.Whitelist;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace LoveCard.Security.Findings;

/// <summary>
/// Finding S-1: a template's <c>CHANGE-ME…</c> signing key was accepted in Production, and any
/// environment not named Production (Staging, a pilot's "Test") ran on every public development
/// key. Now every environment but Development refuses, at start-up, a key that is missing, public,
/// a placeholder, too short or too regular: the people-token key, the personal-data keys, the
/// terminal master keys and identity's machine-client secrets.
/// </summary>
public sealed class Refusing_unsafe_keys
{
    private static readonly string[] Environments = ["Production", "Staging", "Test", "Pilot-Lishui"];

    private static string RandomKey(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A setting changed from a safe configuration, and the setting the refusal must name.</summary>
    public static IEnumerable<TestCaseData> UnsafeSettings()
    {
        const string Hmac = "Auth:SigningKey";
        const string Hash = "PersonalData:HashKey";
        const string K1 = "PersonalData:EncryptionKeys:k1";
        const string Template = "CHANGE-ME-base64-of-32-random-bytes";
        const string Current = "PersonalData:CurrentEncryptionKeyId";
        (string Case, string Key, string? Value, string Named)[] cases =
        [
            ("no authority", "Auth:Authority", null, "Auth:Authority"),
            ("a random HMAC key", Hmac, RandomKey(48), Hmac),
            ("the development HMAC key", Hmac, AuthOptions.DevelopmentSigningKey, Hmac),
            ("the template's HMAC key", Hmac, "CHANGE-ME-at-least-32-characters-of-random-text", Hmac),
            ("no hash key", Hash, null, Hash),
            ("the development hash key", Hash, PersonalDataOptions.DevelopmentHashKey, Hash),
            ("the template's hash key", Hash, Template, Hash),
            ("a 16-byte hash key", Hash, RandomKey(16), Hash),
            ("no encryption key", K1, null, "PersonalData:EncryptionKeys"),
            ("the development encryption key", K1, PersonalDataOptions.DevelopmentEncryptionKey, K1),
            ("a placeholder encryption key", K1, Template, K1),
            ("a 24-byte encryption key", K1, RandomKey(24), K1),
            ("an all-zero encryption key", K1, Convert.ToBase64String(new byte[32]), K1),
            ("a current key id naming no key", Current, "k9", Current),
        ];
        foreach (var environment in Environments)
        {
            foreach (var (name, key, value, named) in cases)
            {
                yield return new TestCaseData(environment, key, value, named).SetName(
                    $"{environment}: {name} is refused"
                );
            }
        }
    }

    private static Dictionary<string, string?> SafeSettings(string environment) =>
        new()
        {
            ["environment"] = environment,
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Postgres"] = TestInfrastructure.ConnectionString,
            ["Auth:Authority"] = "https://identity.lovecard.example",
            ["PersonalData:HashKey"] = RandomKey(),
            ["PersonalData:EncryptionKeys:k1"] = RandomKey(),
            ["PersonalData:CurrentEncryptionKeyId"] = "k1",
        };

    private static string[] Args(Dictionary<string, string?> settings) =>
        settings.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();

    [TestCaseSource(nameof(UnsafeSettings))]
    public void A_service_refuses_to_start(string environment, string key, string? value, string named)
    {
        var settings = SafeSettings(environment);
        settings[key] = value;

        var refusal = Assert.Throws<InvalidOperationException>(() => WhitelistApp.Create(Args(settings)));

        Assert.That(refusal!.Message, Does.Contain(named));
    }

    [TestCaseSource(nameof(Environments))]
    public async Task A_service_with_safe_keys_starts(string environment)
    {
        // The control for the refusals above: only the one changed setting made the difference.
        var app = WhitelistApp.Create(Args(SafeSettings(environment)));

        Assert.That(app.Environment.EnvironmentName, Is.EqualTo(environment));
        await app.DisposeAsync();
    }

    [Test]
    public void Development_keeps_its_public_keys()
    {
        var settings = new Dictionary<string, string?>
        {
            ["environment"] = "Development",
            ["ConnectionStrings:Postgres"] = TestInfrastructure.ConnectionString,
        };

        Assert.DoesNotThrowAsync(async () => await WhitelistApp.Create(Args(settings)).DisposeAsync());
    }

    public static IEnumerable<TestCaseData> UnsafeMasterKeys()
    {
        (string Case, string? Value)[] cases =
        [
            ("none", null),
            ("the development master key", TerminalOptions.DevelopmentMasterKey),
            ("the template's master key", "CHANGE-ME-base64-of-exactly-32-bytes"),
            ("a 31-byte master key", RandomKey(31)),
            ("a repetitive master key", Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray())),
        ];
        foreach (var environment in Environments)
        {
            foreach (var (name, value) in cases)
            {
                yield return new TestCaseData(environment, value).SetName(
                    $"{environment}: terminal master key {name} is refused"
                );
            }
        }
    }

    [TestCaseSource(nameof(UnsafeMasterKeys))]
    public void Settlement_refuses_an_unsafe_terminal_master_key(string environment, string? value)
    {
        var host = new HostingEnvironment { EnvironmentName = environment };
        var options = TerminalOptions.From(
            Configuration(("Terminal:MasterKeys:m1", value), ("Terminal:CurrentMasterKeyId", "m1")),
            host
        );

        var refusal = Assert.Throws<InvalidOperationException>(() => options.ThrowIfUnsafeFor(host));

        Assert.That(refusal!.Message, Does.Contain("Terminal:MasterKeys"));
    }

    [TestCaseSource(nameof(Environments))]
    public void Settlement_accepts_a_random_terminal_master_key(string environment)
    {
        var host = new HostingEnvironment { EnvironmentName = environment };
        var options = TerminalOptions.From(
            Configuration(("Terminal:MasterKeys:m1", RandomKey()), ("Terminal:CurrentMasterKeyId", "m1")),
            host
        );

        Assert.DoesNotThrow(() => options.ThrowIfUnsafeFor(host));
    }

    [TestCase("lovecard-demo-development-secret", TestName = "The demo client's published secret is refused")]
    [TestCase("lovecard-ops-development-secret", TestName = "The operator tool's published secret is refused")]
    [TestCase("CHANGE-ME-a-long-random-client-secret-of-48-characters", TestName = "A template's secret is refused")]
    [TestCase("short-but-random-Zq81", TestName = "A secret under 32 characters is refused")]
    [TestCase("abababababababababababababababababababab", TestName = "A repetitive secret is refused")]
    [TestCase("", TestName = "An empty secret is refused")]
    public void Identity_refuses_an_unsafe_machine_client_secret(string secret)
    {
        Assert.That(
            KeyRules.ProblemWithSecret("Identity:MachineClients (ops) ClientSecret", secret),
            Does.Contain("ClientSecret")
        );
    }

    [Test]
    public void Identity_accepts_a_random_machine_client_secret()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(33));

        Assert.That(KeyRules.ProblemWithSecret("secret", secret), Is.Null);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(
                values.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))
            )
            .Build();
}
