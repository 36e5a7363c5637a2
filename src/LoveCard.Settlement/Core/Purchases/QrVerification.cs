using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoveCard.Settlement.Core.ReadModels;

namespace LoveCard.Settlement.Core.Purchases;

public readonly record struct QrVerification(QrPayload? Payload);
