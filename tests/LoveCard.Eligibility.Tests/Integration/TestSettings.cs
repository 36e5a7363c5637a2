using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using LoveCard.Eligibility.Classification;

namespace LoveCard.Eligibility.Tests.Integration;

/// <summary>Settings every test service starts with.</summary>
public static class TestSettings
{
    /// <summary>
    /// The platform's ServiceHost does not set an environment, so the service would run as Production and
    /// (rightly) refuse the public development keys; tests run as Development.
    /// </summary>
    public static Dictionary<string, string?> Development(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["environment"] = "Development" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }
}
