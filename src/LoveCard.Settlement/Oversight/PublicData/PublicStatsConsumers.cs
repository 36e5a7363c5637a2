using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.Oversight.PublicData;

/// <summary>
/// Keeps the latest classification of each elder for the cardholder counts. The version stream
/// drops an older classification that arrives late; the inbox drops a redelivery.
/// </summary>
public sealed class ElderClassifiedPublicStatsConsumer(IServiceProvider services) : InboxConsumer<ElderClassified>(services)
{
    protected override string? VersionStream => "public-stats-elder";

    protected override Task HandleAsync(ElderClassified message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_elders (elder_id, home_county, eligible, category)
            VALUES (@ElderId, @HomeCounty, @Eligible, @Category)
            ON CONFLICT (elder_id) DO UPDATE SET home_county = excluded.home_county, eligible = excluded.eligible, category = excluded.category
            """;
        return scope.Connection.ExecuteAsync(new CommandDefinition(sql, new { message.ElderId, message.HomeCounty, message.Eligible, message.Category }, scope.Transaction, cancellationToken: ct));
    }
}

/// <summary>The latest status of a provider, from any of its status events (they share one version stream).</summary>
public abstract class ProviderStatusPublicStatsConsumer<TEvent>(IServiceProvider services) : InboxConsumer<TEvent>(services)
    where TEvent : ProviderEvent
{
    protected override string? VersionStream => "public-stats-provider";

    protected override Task HandleAsync(TEvent message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_providers (provider_id, county, status) VALUES (@ProviderId, @County, @Status)
            ON CONFLICT (provider_id) DO UPDATE SET county = excluded.county, status = excluded.status
            """;
        return scope.Connection.ExecuteAsync(new CommandDefinition(sql, new { message.ProviderId, message.County, message.Status }, scope.Transaction, cancellationToken: ct));
    }
}

public sealed class ProviderWhitelistedPublicStatsConsumer(IServiceProvider s) : ProviderStatusPublicStatsConsumer<ProviderWhitelisted>(s);

public sealed class ProviderSuspendedPublicStatsConsumer(IServiceProvider s) : ProviderStatusPublicStatsConsumer<ProviderSuspended>(s);

public sealed class ProviderExitedPublicStatsConsumer(IServiceProvider s) : ProviderStatusPublicStatsConsumer<ProviderExited>(s);

/// <summary>Certified care workers per county, with their certificate's end (DOMAIN.md §4: the target of 25 per 10,000 elders).</summary>
public sealed class CareWorkerRegisteredPublicStatsConsumer(IServiceProvider services) : InboxConsumer<CareWorkerRegistered>(services)
{
    protected override string? VersionStream => "public-stats-care-worker";

    protected override Task HandleAsync(CareWorkerRegistered message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_care_workers (care_worker_id, county, certificate_valid_until) VALUES (@CareWorkerId, @County, @CertificateValidUntil)
            ON CONFLICT (care_worker_id) DO UPDATE SET county = excluded.county, certificate_valid_until = excluded.certificate_valid_until
            """;
        return scope.Connection.ExecuteAsync(new CommandDefinition(sql, new { message.CareWorkerId, message.County, message.CertificateValidUntil }, scope.Transaction, cancellationToken: ct));
    }
}

/// <summary>
/// One row per settled purchase, in the month of its booking. No version stream: a reversal
/// (a later version of the same purchase) may overtake it, and the purchase must still count;
/// the primary key keeps a purchase from counting twice.
/// </summary>
public sealed class PurchaseSettledPublicStatsConsumer(IServiceProvider services) : InboxConsumer<PurchaseSettled>(services)
{
    protected override Task HandleAsync(PurchaseSettled m, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_purchases (purchase_id, period, provider_county, home_county, item, quantity, price_fen, fiscal_fen, collective_fen, charity_fen, family_fen)
            VALUES (@PurchaseId, @Period, @ProviderCounty, @HomeCounty, @Item, @Quantity, @PriceFen, @FiscalFen, @CollectiveFen, @CharityFen, @FamilyFen)
            ON CONFLICT (purchase_id) DO NOTHING
            """;
        return scope.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            m.PurchaseId, Period = Shanghai.Period(m.BookedAt), m.ProviderCounty, m.HomeCounty, m.Item, m.Quantity,
            m.PriceFen, m.FiscalFen, m.CollectiveFen, m.CharityFen, m.FamilyFen,
        }, scope.Transaction, cancellationToken: ct));
    }
}

/// <summary>One row per void or refund, in the month of its own booking (corrections fall in the period they happen).</summary>
public sealed class PurchaseReversedPublicStatsConsumer(IServiceProvider services) : InboxConsumer<PurchaseReversed>(services)
{
    protected override Task HandleAsync(PurchaseReversed m, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO public_reversals (reversal_id, purchase_id, period, amount_fen, fiscal_fen, collective_fen, charity_fen, family_fen)
            VALUES (@ReversalId, @PurchaseId, @Period, @AmountFen, @FiscalFen, @CollectiveFen, @CharityFen, @FamilyFen)
            ON CONFLICT (reversal_id) DO NOTHING
            """;
        return scope.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            m.ReversalId, m.PurchaseId, Period = Shanghai.Period(m.BookedAt), m.AmountFen, m.FiscalFen, m.CollectiveFen, m.CharityFen, m.FamilyFen,
        }, scope.Transaction, cancellationToken: ct));
    }
}
