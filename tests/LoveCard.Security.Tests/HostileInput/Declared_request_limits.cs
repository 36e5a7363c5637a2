using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;

namespace LoveCard.Security.Tests.HostileInput;

/// <summary>
/// Issue 9, OWASP API4: the limits the OpenAPI documents state on request records are the ones the
/// services enforce, before the handler runs (400 naming the field, nothing written), and every
/// answer says how much of its rate limit is left.
/// </summary>
public sealed class Declared_request_limits
{
    // Counties of their own, so nothing here touches the matrix's or the fuzz's objects.
    private const string County = "331181";

    [Test]
    public async Task The_documents_state_the_limits_of_the_request_records()
    {
        var eligibility = await OpenApiDocuments.GetAsync("eligibility");
        var cards = await OpenApiDocuments.GetAsync("cards");
        var settlement = await OpenApiDocuments.GetAsync("settlement");
        Assert.Multiple(() =>
        {
            Assert.That(
                (int?)
                    eligibility["components"]!["schemas"]!["CountySettingsUpdate"]!["properties"]!["reason"]![
                        "maxLength"
                    ],
                Is.EqualTo(500)
            );
            Assert.That(
                (int?)cards["components"]!["schemas"]!["ModulesRequest"]!["properties"]!["modules"]!["maxItems"],
                Is.EqualTo(3)
            );
            var quantity = settlement["components"]!["schemas"]!["PurchaseRequest"]!["properties"]!["quantity"]!;
            Assert.That(
                ((decimal?)quantity["minimum"], (decimal?)quantity["maximum"]),
                Is.EqualTo(((decimal?)1m, (decimal?)99m))
            );
            Assert.That(((string?)settlement["servers"]![0]!["url"])!, Does.StartWith("https://").And.Not.EndWith("/"));
            Assert.That((bool?)settlement["servers"]![0]!["x-internal"], Is.False);
        });
    }

    [Test]
    public async Task Refuses_a_reason_over_its_limit_naming_the_field_and_changes_nothing()
    {
        await World.GetAsync();
        using var bureau = Services.Eligibility.CreateClient(Roles.Bureau, World.CountyA, subject: "limits-bureau");
        var before = await bureau.GetStringAsync($"/api/counties/{World.CountyA}/settings");
        var body = new JsonObject
        {
            ["advancedAge"] = 75,
            ["minDisabilityLevel"] = 2,
            ["assessmentValidMonths"] = 24,
            ["allowNonLocalResidents"] = false,
            ["oneCardNetwork"] = true,
            ["suspendBelow"] = 60,
            ["lowFundAlertDays"] = 7,
            ["mountainOrIsland"] = false,
            ["anomalyThresholds"] = new JsonObject(),
            ["reason"] = new string('r', 501),
        };

        using var response = await bureau.PutAsJsonAsync($"/api/counties/{World.CountyA}/settings", body);

        var problem = await World.ReadAsync(response, 400);
        Assert.Multiple(async () =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("too_long"));
            Assert.That((string?)problem["field"], Is.EqualTo("reason"));
            Assert.That(await bureau.GetStringAsync($"/api/counties/{World.CountyA}/settings"), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task Refuses_too_many_items_and_names_a_nested_field_by_its_path()
    {
        using var bureau = Services.Cards.CreateClient(Roles.Bureau, County, subject: "limits-bureau");
        using var modules = await bureau.PutAsJsonAsync(
            $"/api/cards/{Guid.NewGuid()}/modules",
            new { modules = new[] { "elder", "bus", "bus", "elder" } }
        );
        using var whitelist = Services.Whitelist.CreateClient(Roles.Bureau, County, subject: "limits-bureau");
        using var standards = await whitelist.PutAsJsonAsync(
            $"/api/counties/{County}/price-standards",
            new
            {
                effectiveFrom = World.Today.AddDays(1),
                reason = "limits",
                items = new[]
                {
                    new
                    {
                        itemCode = "a" + new string('b', 32),
                        name = "x",
                        unit = "次",
                        ceilingFen = 100,
                    },
                },
            }
        );

        var tooMany = await World.ReadAsync(modules, 400);
        var nested = await World.ReadAsync(standards, 400);
        Assert.Multiple(() =>
        {
            Assert.That(
                ((string?)tooMany["code"], (string?)tooMany["field"]),
                Is.EqualTo(("too_many_items", "modules"))
            );
            Assert.That(
                ((string?)nested["code"], (string?)nested["field"]),
                Is.EqualTo(("invalid_item_code", "items[0].itemCode")),
                "the handler's own code is kept (ErrorMessage)"
            );
        });
    }

    [Test]
    public async Task Every_answer_carries_its_rate_limit_state()
    {
        await World.GetAsync();
        using var bureau = Services.Eligibility.CreateClient(Roles.Bureau, World.CountyA, subject: "limits-bureau");
        using var people = await bureau.GetAsync($"/api/counties/{World.CountyA}/settings");
        using var refused = await bureau.GetAsync($"/api/counties/{World.CountyB}/settings");
        using var anonymous = Services.Settlement.CreateClient();
        using var terminal = await anonymous.GetAsync("/terminal/v1/time");

        Assert.Multiple(() =>
        {
            // ServiceHost and Services configure the buckets at 100000 (people) and 10000 (terminal).
            Assert.That(Header(people, "RateLimit-Limit"), Is.EqualTo("100000"));
            Assert.That(long.Parse(Header(people, "RateLimit-Remaining")!), Is.InRange(0, 100000));
            Assert.That(Header(people, "RateLimit-Reset"), Is.Not.Null);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(Header(refused, "RateLimit-Limit"), Is.EqualTo("100000"));
            Assert.That(Header(terminal, "RateLimit-Limit"), Is.EqualTo("10000"));
            Assert.That(long.Parse(Header(terminal, "RateLimit-Remaining")!), Is.InRange(0, 9999));
        });
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
