using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>The payload of a verified QR code.</summary>
public sealed record QrPayload(string Kid, string Card, long Iat, long Exp, string Nonce);
