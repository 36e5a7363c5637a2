using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

/// <summary>What a purchase would get now; buys nothing and records nothing.</summary>
public sealed record InquiryAnswer(
    string Status,
    string? DeclineCode,
    ElderView? Elder,
    CapsView? RemainingCaps,
    string? Item,
    int? Quantity,
    long? ListPriceFen,
    long? PriceFen,
    SplitView? Split
);
