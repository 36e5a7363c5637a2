using Microsoft.AspNetCore.Builder;

namespace LoveCard.Hosting.Paging;

public static class AcceptsQueryExtensions
{
    /// <summary>Declares query parameters the handler reads itself (ADR 0031).</summary>
    public static TBuilder AcceptsQuery<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AcceptsQueryAttribute(names));
}
