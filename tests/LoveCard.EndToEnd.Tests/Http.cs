using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoveCard.Cards;
using LoveCard.Demo;
using LoveCard.Eligibility;
using LoveCard.Settlement;
using LoveCard.Terminal;
using LoveCard.Whitelist;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.EndToEnd.Tests;

/// <summary>JSON over HTTP for the assertions: the services' answers read as nodes.</summary>
public static class Http
{
    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(
            response.IsSuccessStatusCode,
            Is.True,
            $"GET {client.BaseAddress}{path.TrimStart('/')}: {(int)response.StatusCode} {text}"
        );
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> SendJsonAsync(
        this HttpClient client,
        HttpMethod method,
        string path,
        object? body = null
    )
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(
            response.IsSuccessStatusCode,
            Is.True,
            $"{method} {client.BaseAddress}{path.TrimStart('/')}: {(int)response.StatusCode} {text}"
        );
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
