using System.Globalization;

namespace LoveCard.Terminal.Cli;

/// <summary>Receipts and reports as the cashier sees them. Amounts are shown in yuan (元); the protocol counts
/// fen.</summary>
internal static class Receipt
{
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Yuan(long? fen) => fen is { } f ? Yuan(f) : "-";

    private static string Time(DateTimeOffset at) =>
        at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static void WritePurchase(TextWriter o, PurchaseAnswer p, string? idempotencyKey, bool replayed)
    {
        o.WriteLine("================ LoveCard 爱心卡 ================");
        o.WriteLine(p.Approved ? "APPROVED" : $"DECLINED  {p.DeclineCode}");
        o.WriteLine($"Receipt no.   {p.ReceiptNo}");
        o.WriteLine($"Purchase      {p.PurchaseId}");
        WriteElder(o, p.Elder);
        o.WriteLine($"Item          {p.Item} x {p.Quantity}");
        if (p.Approved)
        {
            o.WriteLine($"List price    {Yuan(p.ListPriceFen), 10}");
            o.WriteLine($"Price         {Yuan(p.PriceFen), 10}");
            WriteSplit(o, p.Split);
            if (p.RemainingCaps is { } caps)
            {
                o.WriteLine("Remaining this month");
                o.WriteLine($"  fiscal      {Yuan(caps.FiscalFen), 10}");
                o.WriteLine($"  collective  {Yuan(caps.CollectiveFen), 10}");
                o.WriteLine($"  charity     {Yuan(caps.CharityFen), 10}");
            }
        }
        else if (Hints.For(p.DeclineCode) is { } hint)
        {
            o.WriteLine($"Why           {hint}");
        }

        o.WriteLine($"Occurred      {Time(p.OccurredAt)}");
        o.WriteLine($"Booked        {Time(p.BookedAt)}");
        if (idempotencyKey is not null)
        {
            o.WriteLine($"Key           {idempotencyKey}{(replayed ? "  (answer replayed by the server)" : "")}");
        }

        o.WriteLine("================================================");
    }

    public static void WriteSplit(TextWriter o, Split? split)
    {
        if (split is null)
        {
            return;
        }

        // The four lines always add up to the price (TERMINAL-PROTOCOL.md): print them all, zeros included.
        o.WriteLine($"  fiscal      {Yuan(split.FiscalFen), 10}   财政补贴");
        o.WriteLine($"  collective  {Yuan(split.CollectiveFen), 10}   村集体");
        o.WriteLine($"  charity     {Yuan(split.CharityFen), 10}   慈善");
        o.WriteLine($"  family      {Yuan(split.FamilyFen), 10}   家庭自付 (to collect)");
    }

    private static void WriteElder(TextWriter o, ElderInfo? elder)
    {
        if (elder is not null)
        {
            o.WriteLine(
                $"Elder         {elder.MaskedName} (category "
                    + $"{elder.Category?.ToString(CultureInfo.InvariantCulture) ?? "-"}, county "
                    + $"{elder.HomeCounty ?? "-"})"
            );
        }
    }

    public static void WriteInquiry(TextWriter o, InquiryAnswer a)
    {
        o.WriteLine(
            a.Status == PurchaseStatuses.Declined ? $"WOULD DECLINE  {a.DeclineCode}" : $"WOULD APPROVE  ({a.Status})"
        );
        WriteElder(o, a.Elder);
        if (a.Item is not null)
        {
            o.WriteLine($"Item          {a.Item} x {a.Quantity}");
            o.WriteLine($"Price         {Yuan(a.PriceFen), 10}  (list {Yuan(a.ListPriceFen)})");
        }

        WriteSplit(o, a.Split);
        if (a.RemainingCaps is { } caps)
        {
            o.WriteLine(
                $"Remaining this month: fiscal {Yuan(caps.FiscalFen)}, collective {Yuan(caps.CollectiveFen)}, charity "
                    + $"{Yuan(caps.CharityFen)}"
            );
        }

        if (a.Status == PurchaseStatuses.Declined && Hints.For(a.DeclineCode) is { } hint)
        {
            o.WriteLine($"Why           {hint}");
        }

        o.WriteLine("(an inquiry buys nothing and records nothing)");
    }

    public static void WritePurchaseView(TextWriter o, PurchaseView p)
    {
        o.WriteLine($"Purchase      {p.PurchaseId}   receipt {p.ReceiptNo}");
        o.WriteLine($"Status        {p.Status}{(p.DeclineCode is null ? "" : $" ({p.DeclineCode})")}");
        WriteElder(o, p.Elder);
        o.WriteLine($"Item          {p.Item} x {p.Quantity}   price {Yuan(p.PriceFen)} (list {Yuan(p.ListPriceFen)})");
        WriteSplit(o, p.Split);
        if (p.OrderId is { } order)
        {
            o.WriteLine($"Order         {order}");
        }

        o.WriteLine($"Booked        {Time(p.BookedAt)}");
        if (p.RefundableFen is { } refundable)
        {
            o.WriteLine($"Refundable    {Yuan(refundable), 10}");
        }

        foreach (var r in p.Reversals ?? [])
        {
            o.WriteLine($"  {r.Kind, -8} {Yuan(r.AmountFen), 10}  {Time(r.BookedAt)}  {r.Reason}");
        }
    }

    public static void WriteRefund(TextWriter o, RefundAnswer r)
    {
        o.WriteLine($"REFUNDED      {Yuan(r.AmountFen)}   refund {r.RefundId}");
        o.WriteLine($"Purchase      {r.PurchaseId}");
        WriteSplit(o, r.Split);
        o.WriteLine($"Still refundable {Yuan(r.RemainingRefundableFen)}");
        o.WriteLine($"Booked        {Time(r.BookedAt)}");
    }

    public static void WriteCatalog(TextWriter o, CatalogAnswer c)
    {
        o.WriteLine($"{"code", -16} {"name", -20} {"unit", -8} {"unit price", 10} {"discount", 8} {"card price", 10}");
        foreach (var i in c.Items)
        {
            o.WriteLine(
                $"{i.Code, -16} {i.Name, -20} {i.Unit, -8} {Yuan(i.UnitPriceFen), 10} {i.DiscountPercent, 7}% "
                    + $"{Yuan(i.PriceFen), 10}"
            );
        }
    }

    public static void WriteOrders(TextWriter o, OrderList list)
    {
        o.WriteLine(
            $"{list.Total} pending order(s){(list.Total > list.Items.Count ? $", page {list.Page} shown" : "")}"
        );
        foreach (var order in list.Items)
        {
            o.WriteLine(
                $"{order.OrderId}  {order.Item} x {order.Quantity}  {order.Channel}  placed "
                    + $"{(order.PlacedAt is { } at ? Time(at) : "-")}  {order.Note}"
            );
        }

        if (list.Items.Count > 0)
        {
            o.WriteLine("Fulfil one with: lovecard-terminal buy --card … --item <item> --order <orderId>");
        }
    }

    public static void WriteTotals(TextWriter o, TotalsAnswer t)
    {
        o.WriteLine($"Terminal {t.TerminalId}, {t.Date:yyyy-MM-dd}");
        o.WriteLine(
            $"{"", -10} {"count", 6} {"amount", 10} {"fiscal", 10} {"collect.", 10} {"charity", 10} {"family", 10}"
        );
        Line("approved", t.Approved);
        Line("voided", t.Voided);
        Line("refunded", t.Refunded);
        o.WriteLine($"{"declined", -10} {t.DeclinedCount, 6}");
        foreach (var item in t.ByItem)
        {
            Line("  " + item.Item, item.Approved);
        }

        void Line(string name, SourceTotals s) =>
            o.WriteLine(
                $"{name, -10} {s.Count, 6} {Yuan(s.AmountFen), 10} {Yuan(s.FiscalFen), 10} "
                    + $"{Yuan(s.CollectiveFen), 10} {Yuan(s.CharityFen), 10} {Yuan(s.FamilyFen), 10}"
            );
    }

    /// <summary>A home visit (protocol 1.1): its state, distances from the elder's home, and the verdict.</summary>
    public static void WriteVisit(TextWriter o, VisitAnswer v)
    {
        o.WriteLine("============ LoveCard 爱心卡 上门服务 ============");
        o.WriteLine(
            v.Status switch
            {
                VisitAnswer.Open => "CHECKED IN",
                VisitAnswer.Refused => $"REFUSED  {v.DeclineCode}",
                _ => v.Valid == true
                    ? "COMPLETED  valid"
                    : $"COMPLETED  not valid: {string.Join(", ", v.Problems ?? [])}",
            }
        );
        o.WriteLine($"Visit         {v.VisitId}");
        WriteElder(o, v.Elder);
        o.WriteLine($"Item          {v.Item}");
        o.WriteLine($"Care worker   {v.CareWorkerId}");
        o.WriteLine($"Checked in    {Time(v.CheckedInAt)}  {Metres(v.CheckInDistanceM)}");
        if (v.CheckedOutAt is { } outAt)
        {
            o.WriteLine($"Checked out   {Time(outAt)}  {Metres(v.CheckOutDistanceM)}");
            o.WriteLine($"Duration      {v.DurationMinutes} min");
        }

        foreach (var problem in v.Problems ?? [])
        {
            o.WriteLine($"Problem       {problem}: {Hints.For(problem)}");
        }

        if ((v.DeclineCode is { } code ? Hints.For(code) : null) is { } hint)
        {
            o.WriteLine($"Why           {hint}");
        }

        if (v.IsOpen)
        {
            o.WriteLine($"Check out with: lovecard-terminal visit-out {v.VisitId} --lat … --lon …");
        }
        else if (v.Valid == true)
        {
            o.WriteLine($"Buy with: lovecard-terminal buy … --item {v.Item} --visit {v.VisitId}");
        }
    }

    private static string Metres(int? distance) => distance is { } m ? $"{m} m from home" : "(no home location)";
}
