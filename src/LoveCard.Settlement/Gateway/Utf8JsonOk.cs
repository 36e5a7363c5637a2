using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// A 200 JSON answer whose UTF-8 bytes were serialised already: the same bytes the handler wrote into the idempotency
/// row (<see cref="TerminalTransaction.AnswerCommand"/>) go to the terminal, so an answer is serialised once (ADR
/// 0049). Described like <see cref="Microsoft.AspNetCore.Http.HttpResults.Ok{TValue}"/>: 200, <typeparamref
/// name="TValue"/>, application/json.
/// </summary>
public sealed class Utf8JsonOk<TValue>(TValue value, byte[] utf8Json)
    : IResult,
        IEndpointMetadataProvider,
        IStatusCodeHttpResult,
        IValueHttpResult,
        IValueHttpResult<TValue>,
        IContentTypeHttpResult
{
    private static readonly string[] JsonContentTypes = ["application/json"];

    public TValue Value { get; } = value;

    /// <summary>The bytes written, exactly.</summary>
    public ReadOnlyMemory<byte> Utf8Json { get; } = utf8Json;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    object? IValueHttpResult.Value => Value;

    public string ContentType => TerminalTransaction.JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        response.ContentLength = Utf8Json.Length;
        // Not cancelled when the terminal goes away: the answer is recorded all the same, and its retry gets it.
        return response.Body.WriteAsync(Utf8Json, CancellationToken.None).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(
            new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), JsonContentTypes)
        );
}
