using LoveCard.Cards.Cards;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;

namespace LoveCard.Cards.Provisioning;

/// <summary>
/// One batch of classifications applied to the cards of their elders in memory, in delivery order, with the rules
/// one classification at a time always had (DOMAIN.md §1, 免申即享): an eligible elder without a card gets one
/// pending consent; an elder no longer eligible has a live card suspended (<c>not_eligible</c>) and gets it back, in
/// the status it had, when eligible again; a revoked card stays revoked. Every change is kept as the card's state at
/// that moment, so the batch writes the history rows and events one-by-one handling would have written, after the
/// new cards' numbers are claimed (<see cref="ProvisioningWrites"/>, ADR 0046).
/// </summary>
internal sealed class ClassificationBatch(DateTimeOffset now)
{
    internal static readonly Actor Provisioning = Actor.System("cards-provisioning");

    private readonly Dictionary<Guid, Card> _cards = [];
    private readonly Dictionary<Guid, long> _storedVersions = [];

    public DateTimeOffset Now { get; } = now;

    /// <summary>Cards made by this batch, each with the classification that made it, in order.</summary>
    public List<(Card Card, ElderClassified Message)> Created { get; } = [];

    /// <summary>Every change, in order: the card's state after it and what it was.</summary>
    public List<(Card State, CardChange Change)> Changes { get; } = [];

    /// <summary>Stored cards this batch changed (a new version, or only the masked name).</summary>
    public HashSet<Guid> Touched { get; } = [];

    /// <summary>The stored cards of the batch's elders, locked by the caller.</summary>
    public void Load(IEnumerable<Card> stored)
    {
        foreach (var card in stored)
        {
            _cards[card.ElderId] = card;
            _storedVersions[card.CardId] = card.Version;
        }
    }

    /// <summary>The version a stored card had when it was read, for the update's check.</summary>
    public long StoredVersion(Guid cardId) => _storedVersions[cardId];

    public IEnumerable<Card> TouchedCards =>
        _cards.Values.Where(c => Touched.Contains(c.CardId)).OrderBy(c => c.CardId);

    public void Apply(ElderClassified message)
    {
        var eligible = message.Eligible && message.Category is not null;
        var reason = "classified:" + message.RulesVersion;
        if (!_cards.TryGetValue(message.ElderId, out var card))
        {
            if (eligible)
            {
                card = NewCard(message);
                _cards[message.ElderId] = card;
                Created.Add((card, message));
                Record(
                    card,
                    new CardChange("provisioned", null, c => c.Describe(Blank.Provisioned, Provisioning, reason, Now))
                );
            }

            return;
        }

        if (card.Status == CardStatuses.Revoked)
        {
            // Revocation is final (death, left the programme); a later classification does not revive it.
            return;
        }

        var wasEligible = card.Eligible;
        var holderChanged =
            card.HomeCounty != message.HomeCounty
            || card.VillageCode != message.VillageCode
            || (eligible && card.Category != message.Category);
        card.HomeCounty = message.HomeCounty;
        card.VillageCode = message.VillageCode;
        card.MaskedName = message.MaskedName;
        if (eligible)
        {
            card.Category = message.Category;
        }

        if (eligible ? card.MarkEligible() : card.MarkNotEligible())
        {
            Save(
                card,
                eligible
                    ? new CardChange("resumed", "eligible again", c =>
                        c.Describe(Blank.Resumed, Provisioning, reason, Now)
                    )
                    : new CardChange("suspended", SuspensionReasons.NotEligible, c =>
                        c.Describe(Blank.Suspended, Provisioning, SuspensionReasons.NotEligible, Now)
                    )
            );
        }
        else if (holderChanged || wasEligible != eligible)
        {
            Save(
                card,
                new CardChange(
                    "holder_changed",
                    $"eligible {card.Eligible}, county {card.HomeCounty}, category {card.Category}",
                    c =>
                        c.Describe(Blank.HolderChanged, Provisioning, reason, Now) with
                        {
                            Category = c.Category,
                            VillageCode = c.VillageCode,
                        }
                )
            );
        }
        else
        {
            // Only the masked name may differ: kept without a new version.
            MarkTouched(card);
        }
    }

    /// <summary>Gives a card made by this batch its number, in every state recorded of it.</summary>
    public void Number(Card card, string number)
    {
        card.CardNumber = number;
        foreach (var (state, _) in Changes)
        {
            if (state.CardId == card.CardId)
            {
                state.CardNumber = number;
            }
        }
    }

    private Card NewCard(ElderClassified message) =>
        new()
        {
            CardId = Guid.CreateVersion7(Now),
            ElderId = message.ElderId,
            Status = CardStatuses.PendingConsent,
            Eligible = true,
            Category = message.Category,
            HomeCounty = message.HomeCounty,
            VillageCode = message.VillageCode,
            MaskedName = message.MaskedName,
            // Every card carries the elder-card module; preferential care and bus are set by a bureau.
            Modules = [CardModules.Elder],
            Version = 1,
            ProvisionedAt = Now,
            UpdatedAt = Now,
        };

    private void Save(Card card, CardChange change)
    {
        card.Version++;
        card.UpdatedAt = Now;
        MarkTouched(card);
        Record(card, change);
    }

    private void MarkTouched(Card card)
    {
        if (_storedVersions.ContainsKey(card.CardId))
        {
            Touched.Add(card.CardId);
        }
    }

    private void Record(Card card, CardChange change) => Changes.Add((card.Copy(), change));
}
