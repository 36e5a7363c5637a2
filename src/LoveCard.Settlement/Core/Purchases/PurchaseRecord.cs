using System.Globalization;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Ledger;
using LoveCard.Settlement.Gateway;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>A purchase being made: who asks, what was asked, what the evaluation found, and when it is
/// booked.</summary>
internal sealed record PurchaseRecord(
    Guid PurchaseId,
    string ReceiptNo,
    TerminalIdentity Terminal,
    string? IdempotencyKey,
    PurchaseInput Input,
    PurchaseRequest Request,
    Evaluation Evaluation,
    DateTimeOffset BookedAt
)
{
    /// <summary>
    /// A home-service purchase's verdict on its visit (<c>visit_problems</c>); null when none was needed.
    /// </summary>
    public string[]? VisitProblems { get; init; }

    /// <summary>Writes the answer with the booking's last round trip, when the gateway gave a transaction.</summary>
    public PurchaseAnswerWriter? Answers { get; init; }

    /// <summary><c>R</c>, the Shanghai time to the second, and six hex digits: short enough to print, unique enough to
    /// read out.</summary>
    public static string NewReceiptNo(DateTimeOffset now) =>
        "R"
        + Shanghai.ToLocal(now).ToString("yyMMddHHmmss", CultureInfo.InvariantCulture)
        + Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 3);

    /// <summary>The protocol's answer: approved with its split and remaining caps, or declined with its code.</summary>
    public PurchaseAnswer Answer(string? declineCode, SourceAmounts? split, SubsidyAmounts? remaining) =>
        new(
            PurchaseId,
            ReceiptNo,
            declineCode is null ? PurchaseStatuses.Approved : PurchaseStatuses.Declined,
            declineCode,
            Evaluation.ElderView,
            Input.Item,
            Input.Quantity,
            Evaluation.ListPriceFen,
            declineCode is null ? Evaluation.PriceFen : null,
            split is { } s ? new SplitView(s.FiscalFen, s.CollectiveFen, s.CharityFen, s.FamilyFen) : null,
            remaining is { } r ? new CapsView(r.FiscalFen, r.CollectiveFen, r.CharityFen) : null,
            Shanghai.ToLocal(Input.OccurredAt),
            Shanghai.ToLocal(BookedAt)
        );
}
