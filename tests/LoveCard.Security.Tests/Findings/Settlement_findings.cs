using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;
using LoveCard.Security.Tests;
using LoveCard.Settlement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

// Outside LoveCard.Security.Tests on purpose: these need none of the five shared services that
// namespace's set-up fixture starts, only their own settlement.
namespace LoveCard.Security.Findings;

/// <summary>
/// The outside security test's findings S-3 to S-7 and S-9 (docs/security/findings.md), against one
/// settlement in Development whose database is reached through a <see cref="DatabaseGate"/>, so a
/// test can show that a refused request never needed the database.
/// </summary>
public sealed class Settlement_findings
{
    private const string County = "331102";
    private readonly CapturedLogs _logs = new();
    private DatabaseGate _gate = null!;
    private ServiceHost _settlement = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _gate = new DatabaseGate();
        _settlement = await ServiceHost.StartAsync(
            SettlementApp.Create,
            new Dictionary<string, string?>
            {
                ["environment"] = "Development",
                ["ConnectionStrings:Postgres"] = _gate.ConnectionString,
                // Three failed authentications per claimed terminal, six per address, refilled once a minute.
                ["Terminal:RateLimit:FailedPerTerminalBurst"] = "3",
                ["Terminal:RateLimit:FailedPerTerminalPerMinute"] = "1",
                ["Terminal:RateLimit:FailedPerAddressBurst"] = "6",
                ["Terminal:RateLimit:FailedPerAddressPerMinute"] = "1",
            },
            configure: builder =>
                builder.Services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider("settlement", _logs))
        );
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _settlement.DisposeAsync();
        await _gate.DisposeAsync();
    }

    /// <summary>S-3: the ends of the calendar answered 500 (an instant before year 1 or after 9999).</summary>
    [TestCase("/api/public/counties/331102/stats?month=0001-01", "month", "invalid_month")]
    [TestCase("/api/public/counties/331102/stats?month=9999-12", "month", "invalid_month")]
    [TestCase("/api/statements/counties/331102?period=0001-01", "period", "invalid_period")]
    [TestCase("/api/statements/counties/331102?period=9999-12", "period", "invalid_period")]
    [TestCase("/api/statements/counties/331102?date=0001-01-01", "date", "invalid_date")]
    [TestCase("/api/statements/counties/331102?date=9999-12-31", "date", "invalid_date")]
    [TestCase("/api/audit?from=0001-01-01T00:00:00Z", "from", "invalid_instant")]
    [TestCase("/api/audit?to=9999-12-31T23:59:59Z", "to", "invalid_instant")]
    public async Task Edge_dates_answer_400_naming_the_field(string path, string field, string code)
    {
        using var province = _settlement.CreateClient("province");

        var problem = await ProblemAsync(await province.GetAsync(path), HttpStatusCode.BadRequest);

        Assert.That(Code(problem), Is.EqualTo(code));
        Assert.That(Field(problem), Is.EqualTo(field));
    }

    /// <summary>S-4: the framework's own messages named internal types and parser positions.</summary>
    [TestCase(
        """{"amountFen":"lots"}""",
        "amountFen",
        TestName = "A value of the wrong type names the field, not the type"
    )]
    [TestCase("not json at all", "body", TestName = "Broken JSON names the body, not the parser position")]
    public async Task Errors_in_a_body_use_our_words(string body, string field)
    {
        using var bureau = _settlement.CreateClient("bureau", County);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var answer = await bureau.PostAsync($"/api/funds/{County}/fiscal/top-ups", content);
        var problem = await ProblemAsync(answer, HttpStatusCode.BadRequest);

        Assert.That(Code(problem), Is.EqualTo("invalid_json"));
        Assert.That(Field(problem), Is.EqualTo(field));
        AssertNothingInternal(problem);
    }

    [Test]
    public async Task A_query_value_of_the_wrong_type_names_the_parameter_not_its_type()
    {
        using var auditor = _settlement.CreateClient("auditor", County);

        using var answer = await auditor.GetAsync($"/api/audit?county={County}&page=many");
        var problem = await ProblemAsync(answer, HttpStatusCode.BadRequest);

        Assert.That(Code(problem), Is.EqualTo("invalid_request"));
        Assert.That(Field(problem), Is.EqualTo("page"));
        AssertNothingInternal(problem);
    }

    /// <summary>S-5: WWW-Authenticate said why a token failed (wrong key, expired, audience).</summary>
    [Test]
    public async Task A_refused_token_is_not_told_why()
    {
        var options = _settlement.Services.GetRequiredService<AuthOptions>();
        using var client = _settlement.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            Mint(options, RandomNumberGenerator.GetBytes(32), SecurityAlgorithms.HmacSha256)
        );

        using var answer = await client.GetAsync($"/api/funds/{County}");

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var challenge = string.Join(", ", answer.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.That(challenge, Does.StartWith("Bearer"));
        Assert.That(
            challenge,
            Does.Not.Contain("error_description").And.Not.Contain("signature").And.Not.Contain("IDX")
        );
    }

    /// <summary>S-6: HS512 with the configured key was accepted where HS256 is configured.</summary>
    [TestCase(
        SecurityAlgorithms.HmacSha256,
        HttpStatusCode.OK,
        TestName = "HS256 with the Development key is accepted (control)"
    )]
    [TestCase(
        SecurityAlgorithms.HmacSha384,
        HttpStatusCode.Unauthorized,
        TestName = "HS384 with the same key is refused"
    )]
    [TestCase(
        SecurityAlgorithms.HmacSha512,
        HttpStatusCode.Unauthorized,
        TestName = "HS512 with the same key is refused"
    )]
    public async Task Only_the_pinned_algorithm_is_accepted(string algorithm, HttpStatusCode expected)
    {
        var options = _settlement.Services.GetRequiredService<AuthOptions>();
        // HS384/HS512 need a longer key than HS256; the same secret, repeated, is what an attacker would try.
        var key = Encoding.UTF8.GetBytes(options.SigningKey + options.SigningKey);
        using var client = _settlement.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            Mint(
                options,
                algorithm == SecurityAlgorithms.HmacSha256 ? Encoding.UTF8.GetBytes(options.SigningKey) : key,
                algorithm
            )
        );

        using var answer = await client.GetAsync($"/api/funds/{County}");

        Assert.That(answer.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task An_unsigned_token_is_refused()
    {
        var options = _settlement.Services.GetRequiredService<AuthOptions>();
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var payload = Base64Url(
            $$"""
            {"role":"bureau","county":"{{County}}","sub":"x",
             "iss":"{{options.Issuer}}","aud":"{{options.Audience}}","exp":{{expires}}}
            """
        );
        using var client = _settlement.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{header}.{payload}.");

        using var answer = await client.GetAsync($"/api/funds/{County}");

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    /// <summary>
    /// S-7: every forged signed request cost a database look-up. Failures are now counted per claimed
    /// terminal id and per client address, and once either budget is spent the gateway answers 429
    /// before the look-up: shown with the database refused, where a look-up would answer 503.
    /// </summary>
    [Test]
    public async Task Forged_requests_are_limited_per_claimed_terminal_and_per_address_before_the_database()
    {
        using var http = _settlement.CreateClient();
        SignedTerminal Forged() =>
            new(http, "TF" + RandomNumberGenerator.GetHexString(10), RandomNumberGenerator.GetBytes(32));
        var first = Forged();
        try
        {
            _gate.Refuse();
            await ExpectAsync(
                first,
                HttpStatusCode.ServiceUnavailable,
                "database_unavailable",
                "control: a look-up needs the database"
            );
            await ReopenAsync();
            for (var i = 0; i < 3; i++)
            {
                await ExpectAsync(
                    first,
                    HttpStatusCode.Unauthorized,
                    "terminal_unknown",
                    $"failure {i + 1} of 3 for one terminal"
                );
            }

            _gate.Refuse();
            var limited = await ExpectAsync(
                first,
                HttpStatusCode.TooManyRequests,
                "rate_limited",
                "the terminal's budget is spent"
            );
            Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
            await ReopenAsync();
            for (var i = 0; i < 3; i++)
            {
                await ExpectAsync(
                    Forged(),
                    HttpStatusCode.Unauthorized,
                    "terminal_unknown",
                    $"another terminal id, failure {i + 4} of 6 for the address"
                );
            }

            _gate.Refuse();
            await ExpectAsync(
                Forged(),
                HttpStatusCode.TooManyRequests,
                "rate_limited",
                "a fresh terminal id from an address whose budget is spent"
            );
        }
        finally
        {
            await ReopenAsync();
        }
    }

    /// <summary>Opens the gate and waits until the service has replaced the pooled connections the gate cut.</summary>
    private async Task ReopenAsync()
    {
        _gate.Open();
        using var bureau = _settlement.CreateClient("bureau", County);
        await Eventually.AssertAsync(
            async () =>
            {
                using var answer = await bureau.GetAsync($"/api/funds/{County}");
                return answer.IsSuccessStatusCode;
            },
            TimeSpan.FromSeconds(30),
            () => "settlement answers from its database again"
        );
    }

    /// <summary>S-9: card numbers (and other personal numbers) appeared in request paths in the logs.</summary>
    [Test]
    public async Task Paths_in_the_logs_carry_the_route_not_the_numbers()
    {
        using var bureau = _settlement.CreateClient("bureau", County);
        const string cardNumber = "A20260001";
        const string idNumber = "33090319491231002X";

        using var unmatched = await bureau.GetAsync($"/api/cards/numbers/{cardNumber}");
        using var withId = await bureau.GetAsync($"/api/nothing/{idNumber}/history");
        using var matched = await bureau.GetAsync($"/api/statements/counties/{County}?period=2025-03");

        Assert.That(unmatched.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await Eventually.AssertAsync(
            () =>
                Task.FromResult(
                    _logs.Entries.Any(e =>
                        e.Text.Contains("/api/statements/counties/{county}", StringComparison.Ordinal)
                    )
                ),
            TimeSpan.FromSeconds(10),
            () => "the request log names the route template"
        );
        var lines = _logs.Entries.Select(e => e.Text).ToArray();
        Assert.That(
            lines.Where(l =>
                l.Contains(cardNumber, StringComparison.Ordinal) || l.Contains(idNumber, StringComparison.Ordinal)
            ),
            Is.Empty
        );
        Assert.That(lines, Has.Some.Contains("/api/cards/numbers/{redacted}"));
    }

    private static async Task<HttpResponseMessage> ExpectAsync(
        SignedTerminal terminal,
        HttpStatusCode status,
        string code,
        string why
    )
    {
        var answer = await terminal.SendAsync(HttpMethod.Get, "/terminal/v1/totals");
        var body = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.StatusCode, Is.EqualTo(status), $"{why}: {body}");
        Assert.That(Code(JsonNode.Parse(body)!), Is.EqualTo(code), why);
        return answer;
    }

    private static string Mint(AuthOptions options, byte[] key, string algorithm)
    {
        var token = new JwtSecurityToken(
            options.Issuer,
            options.Audience,
            [
                new Claim(LoveCardClaims.Role, Roles.Bureau),
                new Claim(LoveCardClaims.County, County),
                new Claim(LoveCardClaims.Subject, "s"),
            ],
            DateTime.UtcNow.AddMinutes(-1),
            DateTime.UtcNow.AddHours(1),
            new SigningCredentials(new SymmetricSecurityKey(key), algorithm)
        );
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json.Trim())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(expected), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
            return JsonNode.Parse(body)!;
        }
    }

    private static string? Code(JsonNode problem) => (string?)problem["code"];

    private static string? Field(JsonNode problem) => (string?)problem["field"];

    private static void AssertNothingInternal(JsonNode problem)
    {
        var text = problem.ToJsonString();
        Assert.That(
            text,
            Does.Not.Contain("LoveCard.")
                .And.Not.Contain("System.")
                .And.Not.Contain("Position")
                .And.Not.Contain("LineNumber")
                .And.Not.Contain("Int64")
                .And.Not.Contain("Int32")
        );
    }
}
