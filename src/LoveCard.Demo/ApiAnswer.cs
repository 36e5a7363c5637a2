using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoveCard.Hosting.Auth;

namespace LoveCard.Demo;

/// <summary>An answer as received: status, problem code (if any) and the JSON body.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, JsonNode? Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public string? Code => Body is JsonObject o ? o["code"]?.GetValue<string>() : null;
}
