using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.BackOffice.Clearing;

/// <summary>
/// The bureau's record of paying a payout: the bank's reference (letters, digits and <c>- _ / .</c>, at most 64)
/// and the day it paid, <c>yyyy-MM-dd</c> (Asia/Shanghai), not before the period ended and not after today.
/// </summary>
public sealed record PayoutPaymentRequest(
    [property: StringLength(64, ErrorMessage = "too_long")] string? BankReference,
    [property: StringLength(10, ErrorMessage = "invalid_date")] string? PaidOn
);
