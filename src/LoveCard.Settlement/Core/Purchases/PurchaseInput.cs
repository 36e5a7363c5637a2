using System.Text.RegularExpressions;
using LoveCard.Hosting.Errors;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Step 1 of a purchase: the request, checked (400 naming the field; nothing is recorded). Checked
/// in the order of the request's fields, so the first fault answered is the first field at fault.
/// The limits the request types declare (quantity 1 to 99, careWorkerId and credential.value lengths,
/// maxFamilyFen not negative, a location's ranges) are stated there once and enforced by the platform's
/// request-limit filter before the handler runs (docs/decisions/0024); what is left here is what an
/// annotation does not say: required fields, the credential types, the item code's shape and the clock window.
/// </summary>
internal sealed partial record PurchaseInput(
    Credential Credential,
    string Item,
    int Quantity,
    DateTimeOffset OccurredAt
)
{
    /// <summary>How far <c>occurredAt</c> may lag the server clock (an offline terminal catching up).</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromHours(24);

    /// <summary>How far <c>occurredAt</c> may lead the server clock (a terminal clock running fast).</summary>
    public static readonly TimeSpan MaxLead = TimeSpan.FromSeconds(300);

    public static PurchaseInput Validate(PurchaseRequest request, DateTimeOffset now)
    {
        var credential = ValidateCredential(request.Credential);
        if (request.Item is null)
        {
            throw new BadInputException("item", "required", "item is required.");
        }

        ValidateItemShape(request.Item);
        if (request.Quantity is not { } quantity)
        {
            throw new BadInputException("quantity", "required", "quantity is required.");
        }

        if (request.OccurredAt is not { } occurredAt)
        {
            throw new BadInputException("occurredAt", "required", "occurredAt is required.");
        }

        if (occurredAt < now - MaxLag || occurredAt > now + MaxLead)
        {
            throw new BadInputException(
                "occurredAt",
                "occurred_at_out_of_range",
                "occurredAt may lag the server clock by at most 24 h and lead it by at most 300 s."
            );
        }

        // A location's ranges are on LocationBody; a location without both coordinates is refused here.
        if (request.Location is { } location && (location.Lat is null || location.Lon is null))
        {
            throw new BadInputException(
                "location",
                "invalid_location",
                "location needs lat in [-90, 90] and lon in [-180, 180]."
            );
        }

        return new PurchaseInput(credential, request.Item, quantity, occurredAt);
    }

    /// <summary>An inquiry's credential, item (optional) and quantity (default 1).</summary>
    public static (Credential Credential, string? Item, int Quantity) ValidateInquiry(InquiryRequest request)
    {
        var credential = ValidateCredential(request.Credential);
        if (request.Item is not null)
        {
            ValidateItemShape(request.Item);
        }

        return (credential, request.Item, request.Quantity ?? 1);
    }

    internal static Credential ValidateCredential(CredentialBody? body)
    {
        if (body is null)
        {
            throw new BadInputException("credential", "required", "credential is required.");
        }

        if (body.Type is not ("card" or "qr" or "face"))
        {
            throw new BadInputException(
                "credential.type",
                "unknown_credential_type",
                "credential.type must be card, qr or face."
            );
        }

        if (string.IsNullOrWhiteSpace(body.Value))
        {
            throw new BadInputException("credential.value", "required", "credential.value is required.");
        }

        return new Credential(body.Type, body.Value.Trim());
    }

    internal static void ValidateItemShape(string item)
    {
        if (!ItemCode().IsMatch(item))
        {
            throw new BadInputException("item", "unknown_item", $"'{item}' is not a service item.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex ItemCode();
}
