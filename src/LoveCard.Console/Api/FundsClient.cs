namespace LoveCard.Console.Api;

/// <summary>Settlement's funds: balances, postings, and top-ups proposed by one user and approved by another.</summary>
public sealed class FundsClient(ApiCaller api)
{
    public Task<FundBalances> BalancesAsync(string county, CancellationToken ct = default) =>
        api.GetAsync<FundBalances>(Service.Settlement, $"api/funds/{county}", ct);

    public Task<Paged<Posting>> PostingsAsync(string county, int page, int pageSize, CancellationToken ct = default) =>
        api.GetAsync<Paged<Posting>>(
            Service.Settlement,
            $"api/funds/{county}/postings" + Query.Of(("page", page), ("pageSize", pageSize)),
            ct
        );

    public Task<Paged<TopUp>> TopUpsAsync(
        string county,
        string? status,
        int page,
        int pageSize,
        CancellationToken ct = default
    ) =>
        api.GetAsync<Paged<TopUp>>(
            Service.Settlement,
            $"api/funds/{county}/top-ups" + Query.Of(("status", status), ("page", page), ("pageSize", pageSize)),
            ct
        );

    /// <summary>The idempotency key is made once per form, so a double click or a retry proposes once.</summary>
    public Task<TopUp> ProposeTopUpAsync(
        string county,
        string source,
        string? village,
        long amountFen,
        string? note,
        string idempotencyKey,
        CancellationToken ct = default
    ) =>
        api.SendAsync<TopUp>(
            Service.Settlement,
            HttpMethod.Post,
            $"api/funds/{county}/{source}/top-ups",
            new
            {
                amountFen,
                village,
                note,
            },
            idempotencyKey,
            ct
        );

    public Task<TopUp> ApproveTopUpAsync(string county, Guid topUpId, CancellationToken ct = default) =>
        api.SendAsync<TopUp>(
            Service.Settlement,
            HttpMethod.Post,
            $"api/funds/{county}/top-ups/{topUpId}/approve",
            ct: ct
        );
}
