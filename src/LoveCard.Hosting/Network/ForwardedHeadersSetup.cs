using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Hosting.Network;

/// <summary>
/// Behind an ingress the client's address arrives in <c>X-Forwarded-For</c>: the per-IP limits (people
/// APIs, the terminal gateway's unsigned and failed-authentication buckets) must count the client,
/// not the ingress. The header is believed only from the proxies named in
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR, e.g. the cluster's pod network) and
/// <c>ForwardedHeaders:KnownProxies</c> (addresses); loopback is always trusted. Anyone else could
/// write any address into the header and so pick their own bucket.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddLoveCardForwardedHeaders(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        var networks = Split(configuration["ForwardedHeaders:KnownNetworks"])
            .Select(System.Net.IPNetwork.Parse)
            .ToArray();
        var proxies = Split(configuration["ForwardedHeaders:KnownProxies"]).Select(IPAddress.Parse).ToArray();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy (the ingress) between the client and the service: take the last address it added.
            o.ForwardLimit = 1;
            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }

            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        return services;
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
