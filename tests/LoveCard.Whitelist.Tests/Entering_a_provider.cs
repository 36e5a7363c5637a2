using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>Entering a provider: the unified social credit code and the bureau's override (DOMAIN.md §4).</summary>
public sealed class Entering_a_provider
{
    // Fails the final check, yet is well-formed: a stand-in for an early pilot code.
    private const string PilotCode = "91330100799655058C";

    [Test]
    public async Task Refuses_an_invalid_code_with_invalid_unified_code()
    {
        var county = NewCounty();
        using var bureau = await BureauAsync(county);
        await ProblemAsync(
            await bureau.PostAsJsonAsync("/api/providers", ProviderBody(county, PilotCode), Json),
            HttpStatusCode.BadRequest,
            "invalid_unified_code",
            "unifiedCode"
        );
        await ProblemAsync(
            await bureau.PostAsJsonAsync("/api/providers", ProviderBody(county, "ABC"), Json),
            HttpStatusCode.BadRequest,
            "invalid_unified_code",
            "unifiedCode"
        );
        Assert.That(
            await ScalarAsync<long>("SELECT count(*) FROM providers WHERE county = @county", new { county }),
            Is.Zero
        );
    }

    [Test]
    public async Task Admits_a_legacy_code_only_by_a_bureau_with_a_reason_and_audits_it()
    {
        var county = NewCounty();
        using var bureau = await BureauAsync(county);
        var body = (Dictionary<string, object?>)Normalise(ProviderBody(county, PilotCode));

        body["legacyCodeOverride"] = true;
        await ProblemAsync(
            await bureau.PostAsJsonAsync("/api/providers", body, Json),
            HttpStatusCode.BadRequest,
            "reason_required",
            "legacyCodeReason"
        );

        using var applicant = await ClientAsync("provider", provider: Guid.NewGuid());
        body["legacyCodeReason"] = "2015 pilot code issued by the county AIC";
        await ProblemAsync(
            await applicant.PostAsJsonAsync("/api/providers", body, Json),
            HttpStatusCode.BadRequest,
            "invalid_unified_code"
        );

        var created = await ReadAsync(
            await bureau.PostAsJsonAsync("/api/providers", body, Json),
            HttpStatusCode.Created
        );
        Assert.That(created["legacyCodeOverride"]!.GetValue<bool>(), Is.True);
        var id = created["id"]!.GetValue<Guid>();
        Assert.That(
            await ScalarAsync<string>("SELECT reason FROM provider_status_history WHERE provider_id = @id", new { id }),
            Is.EqualTo("legacy_code_override: 2015 pilot code issued by the county AIC")
        );
    }

    [Test]
    public async Task Refuses_a_second_provider_with_the_same_code()
    {
        var county = NewCounty();
        using var bureau = await BureauAsync(county);
        var code = NewCode();
        await ReadAsync(
            await bureau.PostAsJsonAsync("/api/providers", ProviderBody(county, code), Json),
            HttpStatusCode.Created
        );
        await ProblemAsync(
            await bureau.PostAsJsonAsync("/api/providers", ProviderBody(county, code), Json),
            HttpStatusCode.Conflict,
            "provider_code_taken"
        );
    }

    [Test]
    public async Task Lets_a_provider_apply_under_its_own_id()
    {
        var county = NewCounty();
        var own = Guid.NewGuid();
        using var applicant = await ProviderClientAsync(own);
        var created = await ReadAsync(
            await applicant.PostAsJsonAsync("/api/providers", ProviderBody(county), Json),
            HttpStatusCode.Created
        );
        Assert.Multiple(() =>
        {
            Assert.That(created["id"]!.GetValue<Guid>(), Is.EqualTo(own));
            Assert.That(created["status"]!.GetValue<string>(), Is.EqualTo("applied"));
            Assert.That(
                created["contactPhone"]!.GetValue<string>(),
                Is.EqualTo("13812345678"),
                "a provider sees its own contact"
            );
        });
    }

    [Test]
    public async Task Names_each_bad_field()
    {
        var county = NewCounty();
        using var bureau = await BureauAsync(county);
        var body = (Dictionary<string, object?>)Normalise(ProviderBody(county));
        body["providerType"] = "bank";
        body["contractEnd"] = Today.AddYears(-1);
        var problem = await ProblemAsync(
            await bureau.PostAsJsonAsync("/api/providers", body, Json),
            HttpStatusCode.BadRequest,
            "invalid_provider_type",
            "providerType"
        );
        Assert.That(
            problem["errors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()),
            Does.Contain("contract_end_before_start")
        );
    }

    private static object Normalise(object anonymous) =>
        anonymous.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(anonymous));
}
