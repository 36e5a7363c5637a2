using System.Collections.Concurrent;
using System.Reflection;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Hosting.Paging;

/// <summary>
/// An unknown query parameter is a 400 naming it (ADR 0031): <c>code</c> <c>unknown_parameter</c>,
/// <c>field</c> the parameter's name, so a misspelt <c>?stauts=</c> is not silently a list of
/// everything. What an endpoint accepts is what it declares: the query-bound parameters of its
/// handler (the same list the OpenAPI document shows), plus any named with
/// <see cref="AcceptsQueryExtensions.AcceptsQuery{TBuilder}"/>. Checked for the <c>/api/</c>
/// endpoints; the terminal protocol's (<c>/terminal/</c>), health, OpenAPI and sign-in endpoints
/// answer as they always have.
/// </summary>
public sealed class UnknownQueryParameters(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<Endpoint, HashSet<string>?> Accepted = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (
            context.Request.Query.Count > 0
            && context.GetEndpoint() is RouteEndpoint endpoint
            && Accepted.GetOrAdd(endpoint, Declared) is { } accepted
        )
        {
            var errors = new ValidationErrors();
            foreach (
                var name in context.Request.Query.Keys.Where(k => !accepted.Contains(k)).Order(StringComparer.Ordinal)
            )
            {
                var known = accepted.Count == 0 ? "none" : string.Join(", ", accepted.Order(StringComparer.Ordinal));
                errors.Add(
                    name,
                    "unknown_parameter",
                    $"'{name}' is not a query parameter of this endpoint; it accepts: {known}."
                );
            }

            errors.ThrowIfAny();
        }

        return next(context);
    }

    /// <summary>The names the endpoint accepts, or null when it is not checked.</summary>
    private static HashSet<string>? Declared(Endpoint candidate)
    {
        if (candidate is not RouteEndpoint endpoint)
        {
            return null;
        }

        var pattern = endpoint.RoutePattern.RawText ?? "";
        if (
            !pattern.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
            || endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler
        )
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var routeValues = endpoint
            .RoutePattern.Parameters.Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            if (QueryName(parameter) is { } name && !routeValues.Contains(name))
            {
                names.Add(name);
            }
        }

        foreach (var accepts in endpoint.Metadata.GetOrderedMetadata<AcceptsQueryAttribute>())
        {
            names.UnionWith(accepts.Names);
        }

        return names;
    }

    private static string? QueryName(ParameterInfo parameter)
    {
        var attributes = parameter.GetCustomAttributes(true);
        if (attributes.OfType<FromQueryAttribute>().FirstOrDefault() is { } fromQuery)
        {
            return fromQuery.Name ?? parameter.Name;
        }

        if (
            attributes.Any(a =>
                a
                    is FromBodyAttribute
                        or FromServicesAttribute
                        or FromRouteAttribute
                        or FromHeaderAttribute
                        or FromFormAttribute
                        or FromKeyedServicesAttribute
                        or AsParametersAttribute
            )
        )
        {
            return null;
        }

        return Bindable(parameter.ParameterType) ? parameter.Name : null;
    }

    /// <summary>The types minimal APIs bind from the query string (or route) by default.</summary>
    private static bool Bindable(Type type)
    {
        type = type.IsArray ? type.GetElementType()! : type;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive
            || type.IsEnum
            || type == typeof(string)
            || type == typeof(decimal)
            || type == typeof(Guid)
            || type == typeof(DateOnly)
            || type == typeof(TimeOnly)
            || type == typeof(DateTime)
            || type == typeof(DateTimeOffset)
            || type == typeof(TimeSpan)
            || type == typeof(Uri)
            || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>));
    }
}
