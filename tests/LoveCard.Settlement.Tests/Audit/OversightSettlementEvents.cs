using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;

namespace LoveCard.Settlement.Tests.Audit;

/// <summary>The events settlement itself publishes, made up for the oversight tests: <see cref="OversightEvents.Make"/>
/// hands every type it does not make itself to <see cref="Make"/>.</summary>
public static class OversightSettlementEvents
{
    /// <summary>One event of <paramref name="type"/> about the aggregate <paramref name="id"/> in
    /// <paramref name="county"/>.</summary>
    public static IntegrationEvent Make(Type type, Guid id, string county, string reason, DateTimeOffset now)
    {
        T New<T>(string aggregateId, long version = 1, Actor? actor = null)
            where T : IntegrationEvent =>
            (T)OversightEvents.Envelope(typeof(T), aggregateId, version, actor ?? OversightEvents.Clerk, reason, now);

        return type.Name switch
        {
            nameof(PurchaseSettled) => OversightEvents.Purchase(
                id,
                county,
                county,
                "meal",
                1000,
                800,
                150,
                50,
                0,
                now,
                reason
            ),
            nameof(PurchaseReversed) => OversightEvents.Reversal(id, 1000, 800, 150, 50, 0, now, reason),
            nameof(AnomalyRaised) => New<AnomalyRaised>(id.ToString(), actor: Actor.Job("supervision")) with
            {
                AnomalyId = id,
                Rule = "meals_per_day",
                County = county,
                CreditPoints = 5,
                Evidence = "{\"meals\":4}",
            },
            nameof(PeriodClosed) => New<PeriodClosed>($"period:{county}:2025-03", actor: Actor.Job("clearing")) with
            {
                County = county,
                Period = "2025-03",
                TotalSubsidyFen = 123456,
                PayoutCount = 3,
            },
            nameof(FundLow) => New<FundLow>($"fund:{county}:fiscal", actor: Actor.Job("funds")) with
            {
                County = county,
                Source = FundSources.Fiscal,
                BalanceFen = 1000,
                AverageDailySpendFen = 500,
                DaysLeft = 2m,
            },
            nameof(FundTopUpApproved) => New<FundTopUpApproved>($"fund:{county}:fiscal") with
            {
                TopUpId = id,
                County = county,
                Source = FundSources.Fiscal,
                AmountFen = 5_000_000,
                BalanceFen = 5_001_000,
                ProposedBy = "clerk-1",
                ApprovedBy = "clerk-2",
            },
            nameof(CharityAllocationApproved) => New<CharityAllocationApproved>("fund:330000:charity") with
            {
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
            nameof(CharityWeightsChanged) => New<CharityWeightsChanged>("charity-weights:330000") with
            {
                Province = county,
                MountainOrIslandWeightPermille = 2000,
                OtherWeightPermille = 1000,
                PreviousMountainOrIslandWeightPermille = 1500,
                PreviousOtherWeightPermille = 1000,
            },
            nameof(BudgetLinesChanged) => New<BudgetLinesChanged>($"budget-lines:{county}") with
            {
                County = county,
                Lines = [new FiscalBudgetLine("care", "护理补贴", [2, 3])],
            },
            nameof(DisputeOpened) => New<DisputeOpened>(id.ToString()) with
            {
                DisputeId = id,
                ProviderId = Guid.NewGuid(),
                County = county,
                PurchaseId = Guid.NewGuid(),
                ClaimedFen = 300,
                Status = "open",
                RaisedBy = "provider-1",
                RaisedAt = now,
            },
            nameof(DisputeResolved) => New<DisputeResolved>(id.ToString(), 2) with
            {
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
            nameof(ElderAbsenceRecorded) => New<ElderAbsenceRecorded>(id.ToString()) with
            {
                AbsenceId = id,
                ElderId = Guid.NewGuid(),
                County = county,
                Kind = "hospital",
                From = now.AddDays(-3),
                To = now,
                RecordedBy = "clerk-1",
            },
            nameof(ElderAbsenceChanged) => New<ElderAbsenceChanged>(id.ToString(), 2) with
            {
                AbsenceId = id,
                ElderId = Guid.NewGuid(),
                County = county,
                Kind = "away",
                From = now.AddDays(-3),
                To = now,
                Status = "withdrawn",
            },
            nameof(AnomalyResolved) => New<AnomalyResolved>(id.ToString(), 2) with
            {
                AnomalyId = id,
                Rule = "card_burst",
                County = county,
                Status = "dismissed",
                CreditPoints = 5,
            },
            nameof(RecoveryProposed) => New<RecoveryProposed>(id.ToString()) with
            {
                RecoveryId = id,
                County = county,
                ProviderId = Guid.NewGuid(),
                PurchaseIds = [Guid.NewGuid()],
                ProposedFen = 1000,
            },
            nameof(RecoveryApproved) => New<RecoveryApproved>(id.ToString(), 2) with
            {
                RecoveryId = id,
                County = county,
                ProviderId = Guid.NewGuid(),
                AmountFen = 1000,
                FiscalFen = 800,
                CollectiveFen = 150,
                CharityFen = 50,
                BookedAt = now,
            },
            nameof(PayoutPaid) => New<PayoutPaid>($"payout:{county}:2025-03:{id}") with
            {
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
}
