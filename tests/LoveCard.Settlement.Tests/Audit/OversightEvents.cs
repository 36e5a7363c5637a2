using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Identity;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Testing;
using MassTransit;

namespace LoveCard.Settlement.Tests.Audit;

/// <summary>Events other services would publish, made up for the oversight tests, and a way to publish them with a
/// chosen MessageId.</summary>
public static class OversightEvents
{
    public static readonly Actor Clerk = new(ActorKinds.User, "clerk-1");

    private static readonly Actor Terminal = new(ActorKinds.Terminal, "T1");

    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public static Task PublishAsync(IBus bus, IntegrationEvent message, Guid messageId) =>
        bus.Publish(message, message.GetType(), ctx => ctx.MessageId = messageId);

    /// <summary>A unique 6-digit county code for one test (tests share the database and vhost).</summary>
    public static string NewCounty() =>
        TestCounties.Register(
            (900000 + Random.Shared.Next(0, 99999)).ToString(System.Globalization.CultureInfo.InvariantCulture)
        );

    /// <summary>Every concrete integration event type of the contracts.</summary>
    public static IReadOnlyList<Type> AllEventTypes() =>
        typeof(IntegrationEvent)
            .Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IntegrationEvent).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>One event of <paramref name="type"/> about a fresh aggregate in <paramref name="county"/>.</summary>
    public static IntegrationEvent Make(Type type, string county, string reason = "test")
    {
        var id = Guid.NewGuid();
        var now = Now;
        T New<T>(string aggregateId, long version = 1, Actor? actor = null)
            where T : IntegrationEvent => (T)Envelope(typeof(T), aggregateId, version, actor ?? Clerk, reason, now);
        CardEvent Card(Type t) =>
            (CardEvent)Envelope(t, id.ToString(), 1, Clerk, reason, now) with
            {
                CardId = id,
                ElderId = Guid.NewGuid(),
                HomeCounty = county,
                CardNumber = NewCardNumber(),
                Status = CardStatuses.Active,
            };
        ProviderEvent Provider(Type t) =>
            (ProviderEvent)Envelope(t, id.ToString(), 1, Clerk, reason, now) with
            {
                ProviderId = id,
                County = county,
                UnifiedCode = "91330903MA2A000001",
                Name = "Happy Canteen",
                ProviderType = "meal_firm",
                Status =
                    t == typeof(ProviderSuspended) ? ProviderStatuses.Suspended
                    : t == typeof(ProviderExited) ? ProviderStatuses.Exited
                    : ProviderStatuses.Whitelisted,
                CreditScore = 100,
            };

        AccountEvent Account(Type t) =>
            (AccountEvent)Envelope(t, id.ToString(), 1, Clerk, reason, now) with
            {
                AccountId = id,
                AccountRole = "bureau_clerk",
                Role = "bureau",
                Status = "active",
                UserName = "clerk-" + county,
                County = county,
                RemoteAddress = "127.0.0.1",
            };

        return type.Name switch
        {
            nameof(AccountCreated) => Account(typeof(AccountCreated)),
            nameof(AccountRoleChanged) => ((AccountRoleChanged)Account(typeof(AccountRoleChanged))) with
            {
                PreviousAccountRole = "auditor",
            },
            nameof(AccountDisabled) => Account(typeof(AccountDisabled)) with { Status = "disabled" },
            nameof(AccountEnabled) => Account(typeof(AccountEnabled)),
            nameof(AccountSecurityChanged) => ((AccountSecurityChanged)Account(typeof(AccountSecurityChanged))) with
            {
                Change = "password_changed",
            },
            nameof(AgentLinked) => ((AgentLinked)Account(typeof(AgentLinked))) with
            {
                AccountRole = "agent",
                Role = "agent",
                County = null,
                LinkedElderId = Guid.NewGuid(),
                ElderCounty = county,
                ConsentId = Guid.NewGuid(),
            },
            nameof(AgentUnlinked) => ((AgentUnlinked)Account(typeof(AgentUnlinked))) with
            {
                AccountRole = "agent",
                Role = "agent",
                County = null,
                LinkedElderId = Guid.NewGuid(),
                ElderCounty = county,
            },
            nameof(CardConsentRecorded) => New<CardConsentRecorded>(id.ToString(), 2) with
            {
                CardId = id,
                ElderId = Guid.NewGuid(),
                HomeCounty = county,
                ConsentId = Guid.NewGuid(),
                Action = "given",
                GivenBy = "agent",
                AgentPhoneHash = new string('p', 64),
                AgentPhoneMasked = "139****1111",
            },
            nameof(ElderRegistered) => New<ElderRegistered>(id.ToString()) with
            {
                ElderId = id,
                HomeCounty = county,
                VillageCode = county + "001",
                MaskedName = "王*华",
            },
            nameof(ElderClassified) => Classified(id, county, 2, 1, reason),
            nameof(SubsidyPolicyPublished) => New<SubsidyPolicyPublished>($"subsidy-policy:{county}") with
            {
                County = county,
                PolicyVersion = 1,
                EffectiveFrom = new DateOnly(2025, 1, 1),
                ProposedBy = "clerk-1",
                ApprovedBy = "clerk-2",
                Categories = [new CategoryPolicy(1, new SourceShares(80, 15, 5), [], 30000, 10000, 5000)],
            },
            nameof(CountySettingsChanged) => New<CountySettingsChanged>($"county-settings:{county}") with
            {
                County = county,
                AdvancedAge = 80,
                MinDisabilityLevel = 1,
                AssessmentValidMonths = 12,
                AllowNonLocalResidents = true,
                OneCardNetwork = true,
                SuspendBelow = 60,
                LowFundAlertDays = 7,
                MountainOrIsland = false,
            },
            nameof(CardProvisioned) => Card(typeof(CardProvisioned)),
            nameof(CardActivated) => Card(typeof(CardActivated)),
            nameof(CardSuspended) => Card(typeof(CardSuspended)) with
            {
                Status = CardStatuses.Suspended,
                StatusReason = "lost",
            },
            nameof(CardResumed) => Card(typeof(CardResumed)),
            nameof(CardRevoked) => Card(typeof(CardRevoked)) with
            {
                Status = CardStatuses.Revoked,
                StatusReason = "death",
            },
            nameof(CardHolderChanged) => ((CardHolderChanged)Card(typeof(CardHolderChanged))) with
            {
                Category = 2,
                VillageCode = county + "002",
            },
            nameof(CardModulesChanged) => Card(typeof(CardModulesChanged)) with { Modules = ["elder", "bus"] },
            nameof(CardFaceBound) => ((CardFaceBound)Card(typeof(CardFaceBound))) with
            {
                FaceIdHash = new string('f', 64),
            },
            nameof(CardReplaced) => ((CardReplaced)Card(typeof(CardReplaced))) with
            {
                PreviousCardNumber = NewCardNumber(),
            },
            nameof(QrSigningKeyPublished) => New<QrSigningKeyPublished>(
                $"qr-key:{id:N}",
                actor: Actor.System("cards")
            ) with
            {
                KeyId = id.ToString("N"),
                PublicKeySpki = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
                NotBefore = now,
            },
            nameof(ProviderWhitelisted) => Provider(typeof(ProviderWhitelisted)),
            nameof(ProviderSuspended) => Provider(typeof(ProviderSuspended)),
            nameof(ProviderExited) => Provider(typeof(ProviderExited)),
            nameof(ProviderItemsChanged) => New<ProviderItemsChanged>(id.ToString()) with
            {
                ProviderId = id,
                County = county,
                Items = [new ProviderItem("meal", "助餐", "meal", 1500, 10, new DateOnly(2025, 1, 1))],
            },
            nameof(PriceStandardChanged) => New<PriceStandardChanged>($"price-standards:{county}") with
            {
                County = county,
                StandardVersion = 1,
                EffectiveFrom = new DateOnly(2025, 1, 1),
                Items = [new PriceStandardItem("meal", "助餐", "meal", 2000)],
            },
            nameof(TerminalRegistered) => New<TerminalRegistered>($"T{id:N}") with
            {
                TerminalId = $"T{id:N}",
                ProviderId = Guid.NewGuid(),
                County = county,
                ActivationCodeHash = new string('a', 64),
                ActivationCodeExpiresAt = now.AddDays(1),
            },
            nameof(TerminalDisabled) => New<TerminalDisabled>($"T{id:N}", 2) with
            {
                TerminalId = $"T{id:N}",
                ProviderId = Guid.NewGuid(),
            },
            nameof(CareWorkerRegistered) => CareWorker(id, county, new DateOnly(2030, 1, 1), reason),
            nameof(ElderDied) => New<ElderDied>($"elder-death:{id}") with
            {
                ElderId = id,
                HomeCounty = county,
                VillageCode = county + "001",
                DateOfDeath = new DateOnly(2025, 3, 1),
            },
            nameof(ElderHomeLocated) => New<ElderHomeLocated>($"elder-home:{id}") with
            {
                ElderId = id,
                HomeCounty = county,
                Lat = 29.98,
                Lon = 122.20,
            },
            _ => OversightSettlementEvents.Make(type, id, county, reason, now),
        };
    }

    /// <summary>A card number no other made-up card has (9 upper-case letters or digits), so that cards made for
    /// different tests, or twice in one, are never taken for one card.</summary>
    public static string NewCardNumber() => "A" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A blank event of <paramref name="type"/> with its envelope set: records with required members
    /// satisfy no new() constraint, and <c>with</c> on a blank instance keeps its runtime type.</summary>
    internal static IntegrationEvent Envelope(
        Type type,
        string aggregateId,
        long version,
        Actor actor,
        string reason,
        DateTimeOffset at
    ) =>
        ((IntegrationEvent)Activator.CreateInstance(type)!) with
        {
            AggregateId = aggregateId,
            AggregateVersion = version,
            Actor = actor,
            Reason = reason,
            OccurredAt = at,
        };

    public static ElderClassified Classified(
        Guid elderId,
        string county,
        int? category,
        long version,
        string reason = "test"
    ) =>
        (ElderClassified)Envelope(typeof(ElderClassified), elderId.ToString(), version, Clerk, reason, Now) with
        {
            ElderId = elderId,
            HomeCounty = county,
            VillageCode = county + "001",
            MaskedName = "王*华",
            Category = category,
            Eligible = category is not null,
            IsLocal = true,
            Reasons = ["local"],
            RulesVersion = "2025.1",
            EvaluatedOn = new DateOnly(2025, 3, 1),
            SocialSecurityCardNumber = "S99887766",
        };

    public static CareWorkerRegistered CareWorker(
        Guid id,
        string county,
        DateOnly validUntil,
        string reason = "test"
    ) =>
        (CareWorkerRegistered)Envelope(typeof(CareWorkerRegistered), id.ToString(), 1, Clerk, reason, Now) with
        {
            CareWorkerId = id,
            ProviderId = Guid.NewGuid(),
            County = county,
            CertificateLevel = "senior",
            CertificateValidUntil = validUntil,
        };

    public static PurchaseSettled Purchase(
        Guid id,
        string providerCounty,
        string homeCounty,
        string item,
        long priceFen,
        long fiscalFen,
        long collectiveFen,
        long charityFen,
        long familyFen,
        DateTimeOffset bookedAt,
        string reason = "test"
    ) =>
        (PurchaseSettled)Envelope(typeof(PurchaseSettled), id.ToString(), 1, Terminal, reason, bookedAt) with
        {
            PurchaseId = id,
            ReceiptNo = "R" + id.ToString("N")[..10],
            TerminalId = "T1",
            ProviderId = Guid.NewGuid(),
            ProviderCounty = providerCounty,
            ElderId = Guid.NewGuid(),
            HomeCounty = homeCounty,
            CardId = Guid.NewGuid(),
            Item = item,
            Quantity = 1,
            ListPriceFen = priceFen,
            PriceFen = priceFen,
            FiscalFen = fiscalFen,
            CollectiveFen = collectiveFen,
            CharityFen = charityFen,
            FamilyFen = familyFen,
            BookedAt = bookedAt,
        };

    public static PurchaseReversed Reversal(
        Guid purchaseId,
        long amountFen,
        long fiscalFen,
        long collectiveFen,
        long charityFen,
        long familyFen,
        DateTimeOffset bookedAt,
        string reason = "test"
    ) =>
        (PurchaseReversed)Envelope(typeof(PurchaseReversed), purchaseId.ToString(), 2, Terminal, reason, bookedAt) with
        {
            PurchaseId = purchaseId,
            ReversalId = Guid.NewGuid(),
            Kind = "void",
            AmountFen = amountFen,
            FiscalFen = fiscalFen,
            CollectiveFen = collectiveFen,
            CharityFen = charityFen,
            FamilyFen = familyFen,
            BookedAt = bookedAt,
        };
}
