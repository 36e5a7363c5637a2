using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Hosting.OpenApi;
using Microsoft.OpenApi;

namespace LoveCard.Platform.Tests;

/// <summary>
/// ADR 0033: the hosting library's OpenAPI document is one a client generator trusts: an operationId
/// on every operation, integers typed only as integers, an example of every problem answer and of
/// every JSON request body (the lint and generation of the services' documents are in
/// LoveCard.Security.Tests, OpenApiLint).
/// </summary>
public sealed class Describing_the_api_for_client_generators
{
    private ServiceHost _host = null!;
    private JsonObject _document = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = "probe_openapi" }
        );
        using var client = _host.CreateClient();
        _document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    private IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        _document["paths"]!
            .AsObject()
            .SelectMany(p =>
                p.Value!.AsObject()
                    .Where(o => o.Value is JsonObject && o.Key is "get" or "post" or "put" or "delete" or "patch")
                    .Select(o => (p.Key, o.Key, o.Value!.AsObject()))
            );

    [Test]
    public void Every_operation_has_a_unique_operation_id()
    {
        var ids = Operations().Select(o => (string?)o.Operation["operationId"]).ToList();
        Assert.That(ids, Has.All.Not.Null.And.Not.Empty);
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void No_schema_types_a_number_as_a_string_too()
    {
        var mixed = new List<string>();
        void Walk(JsonNode? node, string at)
        {
            if (node is JsonObject o)
            {
                if (
                    o["type"] is JsonArray types
                    && types.Any(t => (string?)t == "string")
                    && types.Any(t => (string?)t is "integer" or "number")
                )
                {
                    mixed.Add(at);
                }

                foreach (var (key, child) in o)
                {
                    Walk(child, at + "/" + key);
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], at + "/" + i);
                }
            }
        }

        Walk(_document, "#");
        Assert.That(mixed, Is.Empty);
    }

    [Test]
    public void Every_problem_answer_and_json_request_body_has_an_example()
    {
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations())
        {
            foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
            {
                if (
                    response?["content"]?["application/problem+json"] is JsonObject problem
                    && problem["example"] is null
                )
                {
                    missing.Add($"{method} {path} {status}");
                }
            }

            if (operation["requestBody"]?["content"]?["application/json"] is JsonObject json && json["example"] is null)
            {
                missing.Add($"{method} {path} request");
            }
        }

        Assert.That(missing, Is.Empty);
        var notes = _document["paths"]!["/api/probe/notes"]!["post"]!["requestBody"]!["content"]!["application/json"]!;
        Assert.That(notes["example"]!["text"], Is.Not.Null, "the example follows the request's schema");
    }

    [TestCase("GET", "/api/statements/providers/{providerId}", "getStatementsProvidersByProviderId")]
    [TestCase("POST", "/terminal/v1/purchases/{purchaseId}/void", "postTerminalV1PurchasesByPurchaseIdVoid")]
    [TestCase("GET", "/api/counties/{county}/visiting-care", "getCountiesByCountyVisitingCare")]
    public void An_operation_id_is_made_from_the_method_and_the_path(string method, string path, string id) =>
        Assert.That(OpenApiClientContract.OperationId(method, path), Is.EqualTo(id));

    [Test]
    public void An_integer_that_the_serializer_would_also_read_from_a_string_is_described_as_an_integer()
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer | JsonSchemaType.String,
            Pattern = "^-?(?:0|[1-9]\\d*)$",
            Format = "int64",
        };
        OpenApiClientContract.IntegersOnly(schema);
        Assert.Multiple(() =>
        {
            Assert.That(schema.Type, Is.EqualTo(JsonSchemaType.Integer));
            Assert.That(schema.Pattern, Is.Null);
            Assert.That(schema.Format, Is.EqualTo("int64"));
        });
    }
}
