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
        // Records with required members satisfy no new() constraint; `with` on a blank instance keeps its runtime type.
        CardEvent Card(Type t) =>
            ((CardEvent)Activator.CreateInstance(t)!) with
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                CardId = id,
                ElderId = Guid.NewGuid(),
                HomeCounty = county,
                CardNumber = "A12345678",
                Status = CardStatuses.Active,
            };
        ProviderEvent Provider(Type t) =>
            ((ProviderEvent)Activator.CreateInstance(t)!) with
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
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
            ((AccountEvent)Activator.CreateInstance(t)!) with
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
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
            nameof(CardConsentRecorded) => new CardConsentRecorded
            {
                AggregateId = id.ToString(),
                AggregateVersion = 2,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                CardId = id,
                ElderId = Guid.NewGuid(),
                HomeCounty = county,
                ConsentId = Guid.NewGuid(),
                Action = "given",
                GivenBy = "agent",
                AgentPhoneHash = new string('p', 64),
                AgentPhoneMasked = "139****1111",
            },
            nameof(ElderRegistered) => new ElderRegistered
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                ElderId = id,
                HomeCounty = county,
                VillageCode = county + "001",
                MaskedName = "王*华",
            },
            nameof(ElderClassified) => Classified(id, county, 2, 1, reason),
            nameof(SubsidyPolicyPublished) => new SubsidyPolicyPublished
            {
                AggregateId = $"subsidy-policy:{county}",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                County = county,
                PolicyVersion = 1,
                EffectiveFrom = new DateOnly(2025, 1, 1),
                ProposedBy = "clerk-1",
                ApprovedBy = "clerk-2",
                Categories = [new CategoryPolicy(1, new SourceShares(80, 15, 5), [], 30000, 10000, 5000)],
            },
            nameof(CountySettingsChanged) => new CountySettingsChanged
            {
                AggregateId = $"county-settings:{county}",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
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
            nameof(CardFaceBound) => new CardFaceBound
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                CardId = id,
                ElderId = Guid.NewGuid(),
                HomeCounty = county,
                CardNumber = "A12345678",
                Status = CardStatuses.Active,
                FaceIdHash = new string('f', 64),
            },
            nameof(CardReplaced) => new CardReplaced
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                CardId = id,
                ElderId = Guid.NewGuid(),
                HomeCounty = county,
                CardNumber = "B87654321",
                PreviousCardNumber = "A12345678",
                Status = CardStatuses.Active,
            },
            nameof(QrSigningKeyPublished) => new QrSigningKeyPublished
            {
                AggregateId = $"qr-key:{id:N}",
                AggregateVersion = 1,
                Actor = Actor.System("cards"),
                Reason = reason,
                OccurredAt = now,
                KeyId = id.ToString("N"),
                PublicKeySpki = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
                NotBefore = now,
            },
            nameof(ProviderWhitelisted) => Provider(typeof(ProviderWhitelisted)),
            nameof(ProviderSuspended) => Provider(typeof(ProviderSuspended)),
            nameof(ProviderExited) => Provider(typeof(ProviderExited)),
            nameof(ProviderItemsChanged) => new ProviderItemsChanged
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                ProviderId = id,
                County = county,
                Items = [new ProviderItem("meal", "助餐", "meal", 1500, 10, new DateOnly(2025, 1, 1))],
            },
            nameof(PriceStandardChanged) => new PriceStandardChanged
            {
                AggregateId = $"price-standards:{county}",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                County = county,
                StandardVersion = 1,
                EffectiveFrom = new DateOnly(2025, 1, 1),
                Items = [new PriceStandardItem("meal", "助餐", "meal", 2000)],
            },
            nameof(TerminalRegistered) => new TerminalRegistered
            {
                AggregateId = $"T{id:N}",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                TerminalId = $"T{id:N}",
                ProviderId = Guid.NewGuid(),
                County = county,
                ActivationCodeHash = new string('a', 64),
                ActivationCodeExpiresAt = now.AddDays(1),
            },
            nameof(TerminalDisabled) => new TerminalDisabled
            {
                AggregateId = $"T{id:N}",
                AggregateVersion = 2,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                TerminalId = $"T{id:N}",
                ProviderId = Guid.NewGuid(),
            },
            nameof(CareWorkerRegistered) => CareWorker(id, county, new DateOnly(2030, 1, 1), reason),
            nameof(PurchaseSettled) => Purchase(id, county, county, "meal", 1000, 800, 150, 50, 0, now, reason),
            nameof(PurchaseReversed) => Reversal(id, 1000, 800, 150, 50, 0, now, reason),
            nameof(AnomalyRaised) => new AnomalyRaised
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Actor.Job("supervision"),
                Reason = reason,
                OccurredAt = now,
                AnomalyId = id,
                Rule = "meals_per_day",
                County = county,
                CreditPoints = 5,
                Evidence = "{\"meals\":4}",
            },
            nameof(PeriodClosed) => new PeriodClosed
            {
                AggregateId = $"period:{county}:2025-03",
                AggregateVersion = 1,
                Actor = Actor.Job("clearing"),
                Reason = reason,
                OccurredAt = now,
                County = county,
                Period = "2025-03",
                TotalSubsidyFen = 123456,
                PayoutCount = 3,
            },
            nameof(FundLow) => new FundLow
            {
                AggregateId = $"fund:{county}:fiscal",
                AggregateVersion = 1,
                Actor = Actor.Job("funds"),
                Reason = reason,
                OccurredAt = now,
                County = county,
                Source = FundSources.Fiscal,
                BalanceFen = 1000,
                AverageDailySpendFen = 500,
                DaysLeft = 2m,
            },
            nameof(FundTopUpApproved) => new FundTopUpApproved
            {
                AggregateId = $"fund:{county}:fiscal",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                TopUpId = id,
                County = county,
                Source = FundSources.Fiscal,
                AmountFen = 5_000_000,
                BalanceFen = 5_001_000,
                ProposedBy = "clerk-1",
                ApprovedBy = "clerk-2",
            },
            nameof(CharityAllocationApproved) => new CharityAllocationApproved
            {
                AggregateId = "fund:330000:charity",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                AllocationId = id,
                Province = county,
                AmountFen = 10_000,
                BalanceFen = 90_000,
                MountainOrIslandWeightPermille = 1500,
                OtherWeightPermille = 1000,
                Shares = [new CharityAllocationShare(county, 10_000)],
                ProposedBy = "clerk-1",
                ApprovedBy = "clerk-2",
            },
            nameof(CharityWeightsChanged) => new CharityWeightsChanged
            {
                AggregateId = "charity-weights:330000",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                Province = county,
                MountainOrIslandWeightPermille = 2000,
                OtherWeightPermille = 1000,
                PreviousMountainOrIslandWeightPermille = 1500,
                PreviousOtherWeightPermille = 1000,
            },
            nameof(BudgetLinesChanged) => new BudgetLinesChanged
            {
                AggregateId = $"budget-lines:{county}",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                County = county,
                Lines = [new FiscalBudgetLine("care", "护理补贴", [2, 3])],
            },
            nameof(DisputeOpened) => new DisputeOpened
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                DisputeId = id,
                ProviderId = Guid.NewGuid(),
                County = county,
                PurchaseId = Guid.NewGuid(),
                ClaimedFen = 300,
                Status = "open",
                RaisedBy = "provider-1",
                RaisedAt = now,
            },
            nameof(DisputeResolved) => new DisputeResolved
            {
                AggregateId = id.ToString(),
                AggregateVersion = 2,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                DisputeId = id,
                ProviderId = Guid.NewGuid(),
                County = county,
                PurchaseId = Guid.NewGuid(),
                ClaimedFen = 300,
                Status = "accepted",
                ResolvedBy = "clerk-1",
                ResolvedAt = now,
                CorrectionId = Guid.NewGuid(),
                CorrectionSource = FundSources.Fiscal,
                CorrectionFen = 300,
                CorrectionCounty = county,
            },
            nameof(ElderAbsenceRecorded) => new ElderAbsenceRecorded
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                AbsenceId = id,
                ElderId = Guid.NewGuid(),
                County = county,
                Kind = "hospital",
                From = now.AddDays(-3),
                To = now,
                RecordedBy = "clerk-1",
            },
            nameof(ElderAbsenceChanged) => new ElderAbsenceChanged
            {
                AggregateId = id.ToString(),
                AggregateVersion = 2,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                AbsenceId = id,
                ElderId = Guid.NewGuid(),
                County = county,
                Kind = "away",
                From = now.AddDays(-3),
                To = now,
                Status = "withdrawn",
            },
            nameof(ElderDied) => new ElderDied
            {
                AggregateId = $"elder-death:{id}",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                ElderId = id,
                HomeCounty = county,
                VillageCode = county + "001",
                DateOfDeath = new DateOnly(2025, 3, 1),
            },
            nameof(ElderHomeLocated) => new ElderHomeLocated
            {
                AggregateId = $"elder-home:{id}",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                ElderId = id,
                HomeCounty = county,
                Lat = 29.98,
                Lon = 122.20,
            },
            nameof(AnomalyResolved) => new AnomalyResolved
            {
                AggregateId = id.ToString(),
                AggregateVersion = 2,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                AnomalyId = id,
                Rule = "card_burst",
                County = county,
                Status = "dismissed",
                CreditPoints = 5,
            },
            nameof(RecoveryProposed) => new RecoveryProposed
            {
                AggregateId = id.ToString(),
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                RecoveryId = id,
                County = county,
                ProviderId = Guid.NewGuid(),
                PurchaseIds = [Guid.NewGuid()],
                ProposedFen = 1000,
            },
            nameof(RecoveryApproved) => new RecoveryApproved
            {
                AggregateId = id.ToString(),
                AggregateVersion = 2,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                RecoveryId = id,
                County = county,
                ProviderId = Guid.NewGuid(),
                AmountFen = 1000,
                FiscalFen = 800,
                CollectiveFen = 150,
                CharityFen = 50,
                BookedAt = now,
            },
            nameof(PayoutPaid) => new PayoutPaid
            {
                AggregateId = $"payout:{county}:2025-03:{id}",
                AggregateVersion = 1,
                Actor = Clerk,
                Reason = reason,
                OccurredAt = now,
                County = county,
                Period = "2025-03",
                ProviderId = id,
                AmountFen = 1000,
                BankReference = "BANK-0001",
                PaidOn = new DateOnly(2025, 4, 10),
            },
            _ => throw new ArgumentException($"no test event for {type.Name}: add one here", nameof(type)),
        };
    }

    public static ElderClassified Classified(
        Guid elderId,
        string county,
        int? category,
        long version,
        string reason = "test"
    ) =>
        new()
        {
            AggregateId = elderId.ToString(),
            AggregateVersion = version,
            Actor = Clerk,
            Reason = reason,
            OccurredAt = Now,
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
        new()
        {
            AggregateId = id.ToString(),
            AggregateVersion = 1,
            Actor = Clerk,
            Reason = reason,
            OccurredAt = Now,
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
        new()
        {
            AggregateId = id.ToString(),
            AggregateVersion = 1,
            Actor = new Actor(ActorKinds.Terminal, "T1"),
            Reason = reason,
            OccurredAt = bookedAt,
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
        new()
        {
            AggregateId = purchaseId.ToString(),
            AggregateVersion = 2,
            Actor = new Actor(ActorKinds.Terminal, "T1"),
            Reason = reason,
            OccurredAt = bookedAt,
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
