using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace LoveCard.Hosting;

/// <summary>
/// Request limits, stated once and enforced once (issue 9, OWASP API4 "unrestricted resource
/// consumption"). A request record declares its real limits with DataAnnotations
/// (<c>[property: StringLength(500)]</c>, <c>[property: Range(…)]</c>, <c>[property: MaxLength(50)]</c> on
/// a list): Microsoft.AspNetCore.OpenApi writes them into the document, and
/// <see cref="WithRequestLimits{TBuilder}"/> refuses a request that breaks one with a 400 naming the
/// field, before the handler runs (so nothing is written); the code is <c>too_long</c>, <c>out_of_range</c>,
/// … unless the attribute's <c>ErrorMessage</c> is a snake_case code, which keeps the code the handler
/// already answered for that field. Whatever a request part does not declare
/// is still bounded by what the server enforces for every request, and the document says so
/// (<see cref="Describe"/>): the type's own range for numbers, the exact length of a UUID or date the
/// JSON reader accepts, and otherwise the size of what carries it (Kestrel's request-line limit for
/// path and query, its header limit for headers, the body limit for the body).
/// </summary>
public static partial class OpenApiLimits
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]?> Checked = new();

    private static readonly ConcurrentDictionary<
        Type,
        (PropertyInfo Property, string Name, ValidationAttribute[] Attributes)[]?
    > Limits = new();

    /// <summary>Checks the DataAnnotations of every request record the endpoint binds; a 400 <c>too_long</c>,
    /// <c>out_of_range</c>, … naming the first field (and all in <c>errors</c>).</summary>
    public static TBuilder WithRequestLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(
            (context, next) =>
            {
                var indexes = context
                    .MethodInfo.GetParameters()
                    .Select((p, i) => (p, i))
                    .Where(x => PropertiesToCheck(x.p.ParameterType) is not null)
                    .Select(x => x.i)
                    .ToArray();
                if (indexes.Length == 0)
                {
                    return next;
                }

                return invocation =>
                {
                    var errors = new ValidationErrors();
                    foreach (var index in indexes)
                    {
                        if (invocation.Arguments[index] is { } argument)
                        {
                            Check(argument, "", errors, depth: 0);
                        }
                    }

                    errors.ThrowIfAny();
                    return next(invocation);
                };
            }
        );

    /// <summary>The properties of <paramref name="type"/> that carry a limit or lead to one; null when there is nothing
    /// to check.</summary>
    private static PropertyInfo[]? PropertiesToCheck(Type type)
    {
        if (Checked.TryGetValue(type, out var known))
        {
            return known;
        }

        if (
            type.IsPrimitive
            || type == typeof(string)
            || type.IsEnum
            || type.Namespace?.StartsWith("LoveCard", StringComparison.Ordinal) != true
        )
        {
            return Checked[type] = null;
        }

        // Marked first so a type that refers to itself ends the recursion.
        Checked[type] = null;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p =>
                p.GetIndexParameters().Length == 0
                && (
                    p.GetCustomAttributes<ValidationAttribute>().Any()
                    || PropertiesToCheck(ElementType(p.PropertyType)) is not null
                )
            )
            .ToArray();
        return Checked[type] = properties.Length == 0 ? null : properties;
    }

    private static Type ElementType(Type type)
    {
        if (
            type != typeof(string)
            && type.GetInterfaces()
                .Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                is { } enumerable
        )
        {
            return enumerable.GetGenericArguments()[0];
        }

        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>
    /// The checked properties of <paramref name="type"/> with their JSON names and attributes, read once per type: on
    /// every request they were read again by reflection, a new attribute object each (ADR 0049). The attributes are
    /// only asked <see cref="ValidationAttribute.IsValid(object?)"/>, as MVC's cached validators are, from any thread.
    /// </summary>
    private static (PropertyInfo Property, string Name, ValidationAttribute[] Attributes)[]? LimitsOf(Type type) =>
        Limits.GetOrAdd(type, t =>
            PropertiesToCheck(t)
                ?.Select(p =>
                    (
                        p,
                        JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                        p.GetCustomAttributes<ValidationAttribute>().ToArray()
                    )
                )
                .ToArray()
        );

    private static void Check(object value, string path, ValidationErrors errors, int depth)
    {
        if (depth > 8 || LimitsOf(value.GetType()) is not { } properties)
        {
            return;
        }

        foreach (var (property, name, attributes) in properties)
        {
            var field = path.Length == 0 ? name : path + name;
            var propertyValue = property.GetValue(value);
            foreach (var attribute in attributes)
            {
                if (!attribute.IsValid(propertyValue))
                {
                    var (code, message) = Describe(attribute, field, propertyValue);
                    // ErrorMessage = "invalid_discount": the code the handler has always answered for this field.
                    errors.Add(
                        field,
                        attribute.ErrorMessage is { } own && CodePattern().IsMatch(own) ? own : code,
                        message
                    );
                }
            }

            switch (propertyValue)
            {
                case null or string:
                    break;
                case IEnumerable items:
                    var i = 0;
                    foreach (var item in items)
                    {
                        if (item is not null)
                        {
                            Check(item, $"{field}[{i}].", errors, depth + 1);
                        }

                        i++;
                    }

                    break;
                default:
                    Check(propertyValue, field + ".", errors, depth + 1);
                    break;
            }
        }
    }

    private static (string Code, string Message) Describe(ValidationAttribute attribute, string field, object? value) =>
        attribute switch
        {
            StringLengthAttribute s when value is string text && text.Length < s.MinimumLength => (
                "too_short",
                $"{field} is at least {s.MinimumLength} characters."
            ),
            StringLengthAttribute s => ("too_long", $"{field} is at most {s.MaximumLength} characters."),
            MaxLengthAttribute m when value is string => ("too_long", $"{field} is at most {m.Length} characters."),
            MaxLengthAttribute m => ("too_many_items", $"{field} has at most {m.Length} items."),
            MinLengthAttribute m when value is string => ("too_short", $"{field} is at least {m.Length} characters."),
            MinLengthAttribute m => ("too_few_items", $"{field} has at least {m.Length} items."),
            LengthAttribute l when value is string => (
                "invalid_length",
                $"{field} is {l.MinimumLength} to {l.MaximumLength} characters."
            ),
            LengthAttribute l => ("invalid_length", $"{field} has {l.MinimumLength} to {l.MaximumLength} items."),
            RangeAttribute r => ("out_of_range", $"{field} is from {Format(r.Minimum)} to {Format(r.Maximum)}."),
            RegularExpressionAttribute => ("invalid_format", $"{field} does not have the expected format."),
            AllowedValuesAttribute a => ("not_allowed", $"{field} is one of {string.Join(", ", a.Values)}."),
            _ => ("invalid", $"{field} is not valid."),
        };

    private static string Format(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Fills in, for every schema a request can carry (parameters and request bodies, followed into
    /// their components), the limits the server enforces anyway where the code declares none; see
    /// the class summary. Answers are not touched: they are produced by the service, not accepted.
    /// </summary>
    public static void Describe(
        OpenApiDocument document,
        long? maxBodyBytes,
        int maxRequestLineBytes,
        int maxHeaderBytes
    )
    {
        var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        // Kestrel's body limit; the terminal gateway's own 16 KiB is smaller, so this bound is true there too.
        var bodyLimit = maxBodyBytes ?? int.MaxValue;
        foreach (var item in document.Paths.Values)
        {
            foreach (var operation in item.Operations?.Values.ToArray() ?? [])
            {
                foreach (var parameter in (item.Parameters ?? []).Concat(operation.Parameters ?? []))
                {
                    var carrier = parameter.In == ParameterLocation.Header ? maxHeaderBytes : maxRequestLineBytes;
                    Fill(document, parameter.Schema, carrier, inBody: false, seen);
                }

                foreach (var media in operation.RequestBody?.Content?.Values ?? [])
                {
                    Fill(document, media.Schema, bodyLimit, inBody: true, seen);
                }
            }
        }
    }

    private static void Fill(
        OpenApiDocument document,
        IOpenApiSchema? node,
        long carrier,
        bool inBody,
        HashSet<IOpenApiSchema> seen
    )
    {
        var schema = node switch
        {
            OpenApiSchemaReference reference
                when reference.Reference.Id is { } id
                    && document.Components?.Schemas?.TryGetValue(id, out var target) == true => target as OpenApiSchema,
            OpenApiSchema inline => inline,
            _ => null,
        };
        if (schema is null || !seen.Add(schema))
        {
            return;
        }

        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Integer) && schema.Minimum is null && schema.Maximum is null)
        {
            (schema.Minimum, schema.Maximum) =
                schema.Format == "int32"
                    ? (
                        int.MinValue.ToString(CultureInfo.InvariantCulture),
                        int.MaxValue.ToString(CultureInfo.InvariantCulture)
                    )
                    : (
                        long.MinValue.ToString(CultureInfo.InvariantCulture),
                        long.MaxValue.ToString(CultureInfo.InvariantCulture)
                    );
        }
        else if (type.HasFlag(JsonSchemaType.Number) && schema.Minimum is null && schema.Maximum is null)
        {
            (schema.Minimum, schema.Maximum) = ("-1.7976931348623157E+308", "1.7976931348623157E+308");
        }

        if (
            type.HasFlag(JsonSchemaType.String)
            && schema.MaxLength is null
            && schema.Enum is not { Count: > 0 }
            && schema.Const is null
        )
        {
            // The JSON reader accepts a UUID only as 36 characters and a date only as yyyy-MM-dd; a
            // parameter is parsed more liberally (Guid.TryParse takes up to 68), so it keeps its carrier's bound.
            schema.MaxLength = (type & ~JsonSchemaType.Null, schema.Format, inBody) switch
            {
                (JsonSchemaType.String, "uuid", true) => 36,
                (JsonSchemaType.String, "uuid", false) => 68,
                (JsonSchemaType.String, "date", true) => 10,
                _ => (int)Math.Min(carrier, int.MaxValue),
            };
        }

        if (type.HasFlag(JsonSchemaType.Array) && schema.MaxItems is null)
        {
            // Each item takes at least one byte and a comma.
            schema.MaxItems = (int)Math.Min((carrier + 1) / 2, int.MaxValue);
        }

        foreach (
            var child in (schema.Properties?.Values ?? [])
                .Concat(schema.AllOf ?? [])
                .Concat(schema.AnyOf ?? [])
                .Concat(schema.OneOf ?? [])
        )
        {
            Fill(document, child, carrier, inBody, seen);
        }

        Fill(document, schema.Items, carrier, inBody, seen);
        Fill(document, schema.AdditionalProperties, carrier, inBody, seen);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex CodePattern();
}
