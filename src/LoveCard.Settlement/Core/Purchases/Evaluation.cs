using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.Ledger;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// What the evaluation found out about a purchase, as far as it got: the first decline that applies,
/// or everything the booking needs (card, counties, price, shares, caps, fund accounts, the locked cap row).
/// </summary>
internal sealed class Evaluation
{
    public string? DeclineCode { get; private set; }

    public CardRow? Card { get; set; }

    public string? HomeCounty { get; set; }

    public string ProviderCounty { get; set; } = "";

    public long? ListPriceFen { get; set; }

    public long PriceFen { get; set; }

    public int PolicyVersion { get; set; }

    /// <summary>
    /// The item is given at home in the provider's county, so the purchase names its visit (ADR 0026).
    /// </summary>
    public bool HomeService { get; set; }

    public Shares Shares { get; set; }

    public SubsidyAmounts Caps { get; set; }

    /// <summary>The elder's fiscal, collective and charity fund accounts, in the lock order.</summary>
    public IReadOnlyList<string> FundAccounts { get; set; } = [];

    /// <summary>A purchase's cap usage of the month, read as its row was locked; null for an inquiry.</summary>
    public CapUsageRow? CapUsed { get; set; }

    /// <summary>A purchase's hold-rules context, read after its cap row was locked; null for an inquiry.</summary>
    public HoldContextQuery.Row? Hold { get; set; }

    public ElderView? ElderView =>
        Card is null ? null : new ElderView(Card.MaskedName ?? "", Card.Category, HomeCounty ?? Card.CardHomeCounty);

    public Evaluation Decline(string code)
    {
        DeclineCode = code;
        return this;
    }
}
