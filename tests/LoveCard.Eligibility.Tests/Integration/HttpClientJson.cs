using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using LoveCard.Eligibility.Classification;

namespace LoveCard.Eligibility.Tests.Integration;

public static class HttpClientJson
{
    /// <summary>GET as JSON, failing with the problem body (not just the status) when it is not a success.</summary>
    public static async Task<T?> GetJsonAsync<T>(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {url}: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(text, System.Text.Json.JsonSerializerOptions.Web);
    }
}
