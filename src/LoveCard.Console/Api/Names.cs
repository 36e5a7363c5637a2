using System.Collections.Concurrent;

namespace LoveCard.Console.Api;

/// <summary>
/// Names beside ids (issue 16: never a bare UUID): providers by their name, elders by their masked
/// name, looked up through the services' own reads and remembered for the circuit. An id the
/// person may not see reads 无权查看 rather than the id.
/// </summary>
public sealed class Names(WhitelistClient whitelist, EligibilityClient eligibility, CardsClient cards)
{
    public const string Hidden = "（无权查看）";

    private readonly ConcurrentDictionary<Guid, string> _providers = new();
    private readonly ConcurrentDictionary<Guid, string> _elders = new();
    private readonly ConcurrentDictionary<Guid, string> _cards = new();

    public void Remember(Provider provider) => _providers[provider.Id] = provider.Name;

    public void Remember(Elder elder) => _elders[elder.ElderId] = elder.Name;

    public string Provider(Guid? id) => id is { } i && _providers.TryGetValue(i, out var n) ? n : "—";

    public string Elder(Guid? id) => id is { } i && _elders.TryGetValue(i, out var n) ? n : "—";

    public string Card(Guid? id) => id is { } i && _cards.TryGetValue(i, out var n) ? n : "—";

    /// <summary>Looks up the providers not known yet (a few at a time), so a page can then show every name.</summary>
    public Task ProvidersAsync(IEnumerable<Guid?> ids, CancellationToken ct = default) =>
        FillAsync(ids, _providers, async id => (await whitelist.ProviderAsync(id, ct)).Name);

    public Task EldersAsync(IEnumerable<Guid?> ids, CancellationToken ct = default) =>
        FillAsync(ids, _elders, async id => (await eligibility.GetElderAsync(id, ct)).Name);

    /// <summary>Cards as 卡号 · 持卡人 (masked).</summary>
    public Task CardsAsync(IEnumerable<Guid?> ids, CancellationToken ct = default) => FillAsync(ids, _cards, async id =>
        {
            var card = await cards.GetAsync(id, ct);
            return $"{card.CardNumber} · {card.MaskedName}";
        });

    private static async Task FillAsync(
        IEnumerable<Guid?> ids,
        ConcurrentDictionary<Guid, string> known,
        Func<Guid, Task<string>> read
    )
    {
        var missing = ids.OfType<Guid>().Distinct().Where(id => !known.ContainsKey(id)).ToArray();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
        {
            try
            {
                known[id] = await read(id);
            }
            catch (ApiProblemException e) when (e.Problem.Status is 403 or 404)
            {
                known[id] = Hidden;
            }
        });
    }
}
