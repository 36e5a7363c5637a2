namespace LoveCard.Console.Api;

/// <summary>The cards service: listing, history and the lifecycle a bureau manages, and consent.</summary>
public sealed class CardsClient(ApiCaller api)
{
    public Task<Paged<CardRecord>> ListAsync(
        string? county,
        string? status,
        int? category,
        string? village,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<CardRecord>>(
            Service.Cards,
            "api/cards"
                + Query.Of(
                    ("county", county),
                    ("status", status),
                    ("category", category),
                    ("village", village),
                    ("page", page),
                    ("pageSize", pageSize)
                ),
            ct
        );

    public Task<CardRecord> GetAsync(Guid cardId, CancellationToken ct = default) =>
        api.GetAsync<CardRecord>(Service.Cards, $"api/cards/{cardId}", ct);

    public Task<CardHistory> HistoryAsync(Guid cardId, CancellationToken ct = default) =>
        api.GetAsync<CardHistory>(Service.Cards, $"api/cards/{cardId}/history", ct);

    public Task<CardNumberState> FindNumberAsync(string cardNumber, CancellationToken ct = default) =>
        api.GetAsync<CardNumberState>(
            Service.Cards,
            $"api/cards/numbers/{Uri.EscapeDataString(cardNumber.Trim().ToUpperInvariant())}",
            ct
        );

    public Task<CardRecord> SuspendAsync(Guid cardId, string reason, string? note, CancellationToken ct = default) =>
        api.SendAsync<CardRecord>(
            Service.Cards,
            HttpMethod.Post,
            $"api/cards/{cardId}/suspend",
            new { reason, note },
            ct: ct
        );

    public Task<CardRecord> ResumeAsync(Guid cardId, string? note, CancellationToken ct = default) =>
        api.SendAsync<CardRecord>(Service.Cards, HttpMethod.Post, $"api/cards/{cardId}/resume", new { note }, ct: ct);

    public Task<CardRecord> ReplaceAsync(
        Guid cardId,
        string? newCardNumber,
        string? note,
        CancellationToken ct = default
    ) =>
        api.SendAsync<CardRecord>(
            Service.Cards,
            HttpMethod.Post,
            $"api/cards/{cardId}/replace",
            new { newCardNumber = string.IsNullOrWhiteSpace(newCardNumber) ? null : newCardNumber.Trim(), note },
            ct: ct
        );

    public Task<CardRecord> RevokeAsync(Guid cardId, string reason, string? note, CancellationToken ct = default) =>
        api.SendAsync<CardRecord>(
            Service.Cards,
            HttpMethod.Post,
            $"api/cards/{cardId}/revoke",
            new { reason, note },
            ct: ct
        );

    public Task ConsentAsync(Guid cardId, ConsentInput consent, CancellationToken ct = default) =>
        api.SendAsync(Service.Cards, HttpMethod.Post, $"api/cards/{cardId}/consent", consent, ct);
}
