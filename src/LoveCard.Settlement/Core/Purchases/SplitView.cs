using System.ComponentModel.DataAnnotations;

namespace LoveCard.Settlement.Core.Purchases;

// The terminal protocol's request and answer bodies (TERMINAL-PROTOCOL.md "Endpoints"). Names are
// fixed by the protocol; extra answer fields are allowed, none are removed.

public sealed record SplitView(long FiscalFen, long CollectiveFen, long CharityFen, long FamilyFen);
