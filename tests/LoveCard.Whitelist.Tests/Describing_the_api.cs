using System.Net;
using static LoveCard.Whitelist.Tests.WhitelistService;

namespace LoveCard.Whitelist.Tests;

/// <summary>The OpenAPI document lists every endpoint of the service (ARCHITECTURE.md, "Every service").</summary>
public sealed class Describing_the_api
{
    [Test]
    public async Task Lists_every_whitelist_endpoint()
    {
        using var client = (await HostAsync()).CreateClient();
        var document = await ReadAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.That(
            paths,
            Is.SupersetOf(
                new[]
                {
                    "/api/providers",
                    "/api/providers/{id}",
                    "/api/providers/{id}/whitelist",
                    "/api/providers/{id}/suspend",
                    "/api/providers/{id}/exit",
                    "/api/providers/{id}/items",
                    "/api/providers/{id}/credit-events",
                    "/api/providers/{id}/credit",
                    "/api/providers/{id}/terminals",
                    "/api/providers/{id}/terminals/{terminalId}/activation-code",
                    "/api/providers/{id}/terminals/{terminalId}/disable",
                    "/api/providers/{id}/care-workers",
                    "/api/counties/{county}/price-standards",
                    "/api/counties/{county}/care-worker-ratio",
                }
            )
        );
    }
}
