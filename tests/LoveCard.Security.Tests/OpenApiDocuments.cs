using System.Text.Json.Nodes;

namespace LoveCard.Security.Tests;

/// <summary>Reads each running service's <c>/openapi/v1.json</c>, so endpoints added later are covered without editing
/// the tests.</summary>
public static class OpenApiDocuments
{
    private static readonly Dictionary<string, JsonObject> Cache = [];
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<JsonObject> GetAsync(string service)
    {
        await Gate.WaitAsync();
        try
        {
            if (!Cache.TryGetValue(service, out var document))
            {
                using var client = Services.ByName[service].CreateClient();
                var text = await client.GetStringAsync("/openapi/v1.json");
                document = JsonNode.Parse(text)!.AsObject();
                Cache[service] = document;
            }

            return document;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<string> GetTextAsync(string service) => (await GetAsync(service)).ToJsonString();

    public static async Task<IReadOnlyList<ApiOperation>> OperationsAsync()
    {
        var operations = new List<ApiOperation>();
        foreach (var service in Services.ByName.Keys)
        {
            var document = await GetAsync(service);
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                foreach (var (method, operation) in item!.AsObject())
                {
                    if (method is "parameters" or "summary" or "description" or "servers")
                    {
                        continue;
                    }

                    var query = (operation!["parameters"] as JsonArray ?? [])
                        .Where(p => (string?)p!["in"] == "query")
                        .Select(p => (string)p!["name"]!)
                        .ToArray();
                    operations.Add(
                        new ApiOperation(
                            service,
                            method.ToUpperInvariant(),
                            path,
                            operation["requestBody"] is not null,
                            query
                        )
                    );
                }
            }
        }

        return operations;
    }
}
