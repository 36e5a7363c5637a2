using LoveCard.Hosting.Errors;
using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.Purchases;

namespace LoveCard.Settlement.Core.Visits;

/// <summary>
/// A check-in or check-out request, checked (400 naming the field; nothing is recorded), in the order of its fields.
/// Times keep the purchase's bounds: at most 24 h behind the server clock, at most 300 s ahead.
/// </summary>
internal sealed record VisitInput(
    Credential Credential,
    string Item,
    string CareWorkerId,
    GeoPoint Point,
    DateTimeOffset OccurredAt
)
{
    public static VisitInput CheckIn(VisitsApi.CheckInRequest request, DateTimeOffset now)
    {
        var credential = PurchaseInput.ValidateCredential(request.Credential);
        if (request.Item is null)
        {
            throw new BadInputException("item", "required", "item is required.");
        }

        PurchaseInput.ValidateItemShape(request.Item);
        if (string.IsNullOrWhiteSpace(request.CareWorkerId) || request.CareWorkerId.Length > 64)
        {
            throw new BadInputException(
                "careWorkerId",
                "required",
                "careWorkerId (the registered care worker's id) is required."
            );
        }

        var point = ReadPoint(request.Location);
        var occurredAt = Time(request.OccurredAt, now);
        return new VisitInput(credential, request.Item, request.CareWorkerId.Trim(), point, occurredAt);
    }

    public static (GeoPoint Point, DateTimeOffset OccurredAt) CheckOut(
        VisitsApi.CheckOutRequest request,
        DateTimeOffset checkedIn,
        DateTimeOffset now
    )
    {
        var point = ReadPoint(request.Location);
        var occurredAt = Time(request.OccurredAt, now);
        if (occurredAt < checkedIn)
        {
            throw new BadInputException(
                "occurredAt",
                "occurred_at_out_of_range",
                "A check-out is not before its check-in."
            );
        }

        return (point, occurredAt);
    }

    private static GeoPoint ReadPoint(LocationBody? location)
    {
        if (location is not { Lat: { } lat, Lon: { } lon })
        {
            throw new BadInputException(
                "location",
                "required",
                "location ({ \"lat\": …, \"lon\": … }, WGS-84) is required."
            );
        }

        if (lat is not (>= -90 and <= 90) || lon is not (>= -180 and <= 180))
        {
            throw new BadInputException(
                "location",
                "invalid_location",
                "location needs lat in [-90, 90] and lon in [-180, 180]."
            );
        }

        return new GeoPoint(lat, lon);
    }

    private static DateTimeOffset Time(DateTimeOffset? occurredAt, DateTimeOffset now)
    {
        if (occurredAt is not { } at)
        {
            throw new BadInputException("occurredAt", "required", "occurredAt is required.");
        }

        if (at < now - PurchaseInput.MaxLag || at > now + PurchaseInput.MaxLead)
        {
            throw new BadInputException(
                "occurredAt",
                "occurred_at_out_of_range",
                "occurredAt may lag the server clock by at most 24 h and lead it by at most 300 s."
            );
        }

        return at;
    }
}
