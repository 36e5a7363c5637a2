using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoveCard.Hosting.OpenApi;

/// <summary>
/// What a client generator needs from a service's OpenAPI document (ADR 0033), on top of what the
/// lint rules need (<see cref="OpenApiDocumentation"/>): integers typed only as integers (the
/// serializer still reads numbers sent as strings; the document does not invite it), an
/// <c>operationId</c> on every operation, spreadsheet uploads and downloads described, an example
/// of every problem answer and of every JSON request body.
/// </summary>
public static class OpenApiClientContract
{
    private const string Csv = "text/csv";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Problem = "application/problem+json";

    public static void AddTo(OpenApiOptions options)
    {
        options.AddSchemaTransformer(
            (schema, _, _) =>
            {
                IntegersOnly(schema);
                return Task.CompletedTask;
            }
        );
        options.AddOperationTransformer(
            (operation, context, _) =>
            {
                var metadata = context
                    .Description.ActionDescriptor.EndpointMetadata.OfType<SpreadsheetMetadata>()
                    .ToList();
                if (metadata.Any(m => m.Upload))
                {
                    DescribeUpload(operation);
                }

                if (metadata.Any(m => m.Download))
                {
                    DescribeDownload(operation);
                }

                return Task.CompletedTask;
            }
        );
    }

    /// <summary>
    /// .NET's web serializer defaults allow a number sent as a JSON string, and the generated schema
    /// says so (<c>["integer","string"]</c> with a digits pattern); generators then type every count as a
    /// union. The document says integer (or number); what the server accepts is unchanged.
    /// </summary>
    public static void IntegersOnly(OpenApiSchema schema)
    {
        if (
            schema.Type is { } type
            && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
        )
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
            schema.MaxLength = null;
        }
    }

    /// <summary>Operation ids, problem examples and request examples, once the document is whole.</summary>
    public static void Describe(OpenApiDocument document)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                if (string.IsNullOrEmpty(operation.OperationId) || !taken.Add(operation.OperationId))
                {
                    operation.OperationId = UniqueId(OperationId(method.Method, path), taken);
                }

                foreach (var (status, response) in operation.Responses ?? [])
                {
                    if (
                        response is OpenApiResponse concrete
                        && concrete.Content?.TryGetValue(Problem, out var media) == true
                    )
                    {
                        media.Example ??= ProblemExample(status);
                    }
                }

                if (
                    operation.RequestBody is OpenApiRequestBody body
                    && body.Content?.TryGetValue("application/json", out var json) == true
                    && json.Example is null
                )
                {
                    json.Example = Sample(json.Schema, document, depth: 0);
                }
            }
        }
    }

    /// <summary>
    /// <c>GET /api/statements/providers/{providerId}</c> becomes <c>getStatementsProvidersByProviderId</c>.
    /// </summary>
    public static string OperationId(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment is "api")
            {
                continue;
            }

            var name = segment.StartsWith('{') ? "By" + Pascal(segment.Trim('{', '}').Split(':')[0]) : Pascal(segment);
            id.Append(name);
        }

        return id.ToString();
    }

    private static string UniqueId(string id, HashSet<string> taken)
    {
        var candidate = id;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = id + n;
        }

        return candidate;
    }

    private static string Pascal(string text)
    {
        var result = new StringBuilder();
        foreach (var part in text.Split('-', '_', '.'))
        {
            if (part.Length > 0)
            {
                result.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
            }
        }

        return result.ToString();
    }

    private static JsonNode ProblemExample(string status)
    {
        var (code, title, detail) = status switch
        {
            "400" => ("required", "Bad request", "county is required."),
            "401" => ("unauthenticated", "Unauthorized", "Sign in first."),
            "403" => ("forbidden", "Forbidden", "You may not act on this object."),
            "404" => ("not_found", "Not found", "The object was not found."),
            "409" => ("conflict", "Conflict", "The object was changed at the same time; read it again and retry."),
            "413" => ("body_too_large", "Payload too large", "The body is larger than this endpoint accepts."),
            "429" => ("rate_limited", "Too many requests", "Too many requests from this address; retry after 1 s."),
            _ => ("internal_error", "Internal server error", "Something went wrong; retry later."),
        };
        var example = new JsonObject
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = int.TryParse(status, out var number) ? number : 500,
            ["detail"] = detail,
            ["code"] = code,
        };
        if (status == "400")
        {
            example["field"] = "county";
        }

        return example;
    }

    /// <summary>A plausible value for a schema: enough for "Send" in the docs and for a generator's tests.</summary>
    private static JsonNode? Sample(IOpenApiSchema? schema, OpenApiDocument document, int depth)
    {
        if (schema is null || depth > 6)
        {
            return null;
        }

        if (
            schema is OpenApiSchemaReference reference
            && reference.Reference.Id is { } id
            && document.Components?.Schemas?.TryGetValue(id, out var target) == true
        )
        {
            schema = target;
        }

        if (schema.Examples is { Count: > 0 } examples)
        {
            return examples[0]?.DeepClone();
        }

        if (schema.Enum is { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Object) || schema.Properties is { Count: > 0 })
        {
            var result = new JsonObject();
            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                result[name] = Sample(property, document, depth + 1);
            }

            return result;
        }

        if (type.HasFlag(JsonSchemaType.Array))
        {
            return new JsonArray(Sample(schema.Items, document, depth + 1));
        }

        if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number))
        {
            return
                decimal.TryParse(schema.Minimum, System.Globalization.CultureInfo.InvariantCulture, out var min)
                && min > 0
                ? min
                : 1;
        }

        if (type.HasFlag(JsonSchemaType.Boolean))
        {
            return false;
        }

        if (type.HasFlag(JsonSchemaType.String))
        {
            return schema.Format switch
            {
                "uuid" => "0193a6b2-7c1e-7d4a-9f00-3c5e2b1a0d11",
                "date-time" => "2026-12-03T10:30:00+08:00",
                "date" => "2026-12-03",
                "time" => "08:30:00",
                "duration" => "PT30M",
                _ => "text",
            };
        }

        return null;
    }

    private static void DescribeUpload(OpenApiOperation operation)
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description =
                "A CSV file (UTF-8 with or without BOM, or GB18030) or an XLSX workbook, as the raw body or as the one "
                + "file of a multipart form. Column headers in English or Chinese.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [Csv] = new()
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 32 * 1024 * 1024 },
                },
                [Xlsx] = new() { Schema = binary },
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = binary },
                    },
                },
            },
        };
    }

    private static void DescribeDownload(OpenApiOperation operation)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response)
        {
            return;
        }

        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        response.Content[Csv] = new()
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description =
                    "?format=csv: UTF-8 with BOM, CRLF; Chinese headers unless headers=codes; a last totals row.",
            },
        };
        response.Content[Xlsx] = new()
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "binary",
                Description = "?format=xlsx: one sheet; yuan as numbers formatted 0.00, Asia/Shanghai date cells.",
            },
        };
    }
}
