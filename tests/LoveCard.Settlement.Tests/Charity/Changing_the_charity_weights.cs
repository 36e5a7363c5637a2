using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static LoveCard.Settlement.Tests.Charity.CharityWorld;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Charity;

/// <summary>ADR 0043: the province changes the allocation weights without a restart (versioned, a reason, audited),
/// the next preview uses them; a county's budget-line changes are in the audit trail.</summary>
public sealed class Changing_the_charity_weights
{
    private const string Weights = "/api/province/charity-fund/weights";

    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [Test]
    public async Task The_weights_change_by_version_with_a_reason_are_audited_and_used_by_the_next_preview()
    {
        var mountain = await CountyAsync(elders: 1, mountainOrIsland: true);
        var flat = await CountyAsync(elders: 1, mountainOrIsland: false);
        using var first = Province("weights-first");
        using var second = Province("weights-second");
        using var bureau = Host.CreateClient("bureau", mountain, subject: "weights-bureau");
        var before = await first.GetFromJsonAsync<JsonElement>(Weights);
        var version = before.GetProperty("version").GetInt32();
        var change = new
        {
            version,
            mountainOrIslandWeightPermille = 3000,
            otherWeightPermille = 1000,
            reason = "加大山区海岛县倾斜",
        };
        try
        {
            using var noReason = await second.PutAsJsonAsync(Weights, change with { reason = " " });
            using var zero = await second.PutAsJsonAsync(Weights, change with { mountainOrIslandWeightPermille = 0 });
            var unchanged = await first.GetFromJsonAsync<JsonElement>(Weights);
            using var changed = await first.PutAsJsonAsync(Weights, change);
            using var retried = await first.PutAsJsonAsync(Weights, change);
            using var stale = await second.PutAsJsonAsync(Weights, change with { otherWeightPermille = 900 });
            using var refused = await bureau.GetAsync(Weights);
            using var preview = await first.PostAsJsonAsync(
                "/api/province/charity-fund/allocations/preview",
                new { amountFen = 4000, counties = new[] { mountain, flat } }
            );
            var previewed = await JsonAsync(preview);
            var versions = await first.GetFromJsonAsync<JsonElement>($"{Weights}/versions?pageSize=1");

            Assert.Multiple(async () =>
            {
                Assert.That(await ProblemAsync(noReason), Is.EqualTo((400, "reason_required", "reason")));
                Assert.That(
                    await ProblemAsync(zero),
                    Is.EqualTo((400, "out_of_range", "mountainOrIslandWeightPermille"))
                );
                Assert.That(
                    unchanged.GetProperty("version").GetInt32(),
                    Is.EqualTo(version),
                    "bad input changes nothing"
                );
                Assert.That(
                    changed.StatusCode,
                    Is.EqualTo(HttpStatusCode.OK),
                    await changed.Content.ReadAsStringAsync()
                );
                var now = await JsonAsync(changed);
                Assert.That(now.GetProperty("version").GetInt32(), Is.EqualTo(version + 1));
                Assert.That(now.GetProperty("source").GetString(), Is.EqualTo("province"));
                Assert.That(now.GetProperty("changedBy").GetString(), Is.EqualTo("weights-first"));
                Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same change again is a retry");
                Assert.That((await JsonAsync(retried)).GetProperty("version").GetInt32(), Is.EqualTo(version + 1));
                Assert.That(await ProblemAsync(stale), Is.EqualTo((409, "charity_weights_changed", (string?)null)));
                Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
                // 1 elder × 3.0 against 1 elder × 1.0: 4000 × 3/4 and 4000 × 1/4
                Assert.That(ShareOf(previewed, mountain), Is.EqualTo(3000));
                Assert.That(ShareOf(previewed, flat), Is.EqualTo(1000));
                Assert.That(previewed.GetProperty("mountainOrIslandWeightPermille").GetInt32(), Is.EqualTo(3000));
                Assert.That(
                    versions.GetProperty("total").GetInt64(),
                    Is.EqualTo(version + 2),
                    "with the configuration"
                );
                Assert.That(
                    versions.GetProperty("items")[0].GetProperty("version").GetInt32(),
                    Is.EqualTo(version + 1)
                );
            });
            await Eventually.AssertAsync(
                async () =>
                    await CountAsync(
                        """
                        SELECT count(*) FROM audit_entries
                         WHERE event_type LIKE '%CharityWeightsChanged' AND aggregate_id = 'charity-weights:330000'
                           AND aggregate_version = @v AND county = '330000' AND actor_id = 'weights-first'
                           AND reason = '加大山区海岛县倾斜'
                        """,
                        new { v = version + 1 }
                    ) == 1,
                because: () => "the change is one entry of the audit trail, with who and why"
            );
        }
        finally
        {
            // The other charity tests divide by the plan's weights: put them back as a new version.
            var current = await first.GetFromJsonAsync<JsonElement>(Weights);
            using var restored = await first.PutAsJsonAsync(
                Weights,
                new
                {
                    version = current.GetProperty("version").GetInt32(),
                    mountainOrIslandWeightPermille = 1500,
                    otherWeightPermille = 1000,
                    reason = "恢复规划权重",
                }
            );
            Assert.That(restored.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Every_budget_line_change_is_in_the_audit_trail()
    {
        var county = NewCounty();
        using var bureau = Host.CreateClient("bureau", county, subject: "lines-bureau");
        var path = $"/api/funds/{county}/budget-lines";
        using var first = await bureau.PutAsJsonAsync(
            path,
            new
            {
                lines = new[]
                {
                    new
                    {
                        code = "huli",
                        name = "护理补贴",
                        categories = new[] { 1, 2 },
                    },
                },
            }
        );
        using var second = await bureau.PutAsJsonAsync(
            path,
            new
            {
                lines = new[]
                {
                    new
                    {
                        code = "aixinka",
                        name = "爱心卡专项",
                        categories = new[] { 1, 2, 3 },
                    },
                },
                reason = "预算调整",
            }
        );
        using var bad = await bureau.PutAsJsonAsync(
            path,
            new
            {
                lines = new[]
                {
                    new
                    {
                        code = "BAD CODE",
                        name = "x",
                        categories = new[] { 1 },
                    },
                },
            }
        );

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
        await Eventually.AssertAsync(
            async () =>
                await CountAsync(
                    """
                    SELECT count(*) FROM audit_entries
                     WHERE event_type LIKE '%BudgetLinesChanged' AND aggregate_id = @id AND county = @county
                       AND actor_id = 'lines-bureau'
                       AND ((aggregate_version = 1 AND summary LIKE '%护理补贴%')
                         OR (aggregate_version = 2 AND reason = '预算调整' AND summary LIKE '%aixinka%'))
                    """,
                    new { id = $"budget-lines:{county}", county }
                ) == 2,
            because: () => "each replacement is one entry, numbered, with the set it made; the refused one none"
        );
        Assert.That(
            await CountAsync("SELECT version FROM fiscal_budget_line_versions WHERE county = @county", new { county }),
            Is.EqualTo(2)
        );
    }

    private static async Task<(int Status, string? Code, string? Field)> ProblemAsync(HttpResponseMessage response)
    {
        var body = await JsonAsync(response);
        return (
            (int)response.StatusCode,
            body.TryGetProperty("code", out var code) ? code.GetString() : null,
            body.TryGetProperty("field", out var field) ? field.GetString() : null
        );
    }
}
