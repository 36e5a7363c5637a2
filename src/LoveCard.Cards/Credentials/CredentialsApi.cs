using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoveCard.Cards.Cards;
using LoveCard.Contracts.Cards;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Cards.Credentials;

/// <summary>
/// The card's credentials besides its number (DOMAIN.md §1, 卡码脸): the face binding and
/// short-lived signed QR codes, with the public keys terminals verify them by (TERMINAL-PROTOCOL.md).
/// </summary>
public static class CredentialsApi
{
    public static void MapCredentialsApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/cards/qr-keys").WithTags("QR keys");
        // Anonymous on purpose: terminal vendors fetch public keys to check codes offline.
        keys.MapGet("", GetQrKeys).WithSummary("Read the public QR verification keys").AllowAnonymous();
        keys.MapPost("/rotate", RotateQrKeys)
            .WithSummary("Rotate the QR signing key")
            .RequirePeople()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var cards = app.MapGroup("/api/cards/{cardId:guid}")
            .WithTags("Credentials")
            .RequirePeople()
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        cards
            .MapPut("/face", BindFace)
            .WithSummary("Bind a face id to a card")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        cards.MapPost("/qr-codes", IssueQrCode).WithSummary("Issue a short-lived QR code for a card");
    }

    public sealed record FaceRequest([property: StringLength(256, ErrorMessage = "invalid_face_id")] string? FaceId);

    /// <summary>
    /// Binds the face id the provincial face platform gave for the elder. Only its keyed hash is
    /// stored (DOMAIN.md §6); one face id, one card.
    /// </summary>
    public static async Task<Ok<CardsApi.CardView>> BindFace(
        Guid cardId,
        FaceRequest body,
        HttpContext http,
        CardStore store,
        PersonalDataProtector protector,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var authorise = caller.Manager();
        var faceId = body.FaceId?.Trim();
        if (string.IsNullOrEmpty(faceId) || faceId.Length > 256)
        {
            throw new BadInputException(
                "faceId",
                "invalid_face_id",
                "faceId is the face platform's id, 1 to 256 characters."
            );
        }

        var hash = protector.Hash(faceId);
        if (await store.FindAsync(cardId, ct) is { } existing && existing.FaceIdHash == hash)
        {
            // PUT is idempotent: binding the face the card already has changes nothing.
            authorise(existing);
            return TypedResults.Ok(CardsApi.CardView.Of(existing));
        }

        var actor = caller.Actor();
        try
        {
            var card = await store.ChangeAsync(
                cardId,
                actor,
                authorise,
                async (card, tx) =>
                {
                    card.RequireNotRevoked();
                    if (card.FaceIdHash == hash)
                    {
                        throw new ConflictException(
                            "face_already_bound_to_this_card",
                            "This face id is already bound to this card."
                        );
                    }

                    if (await CardStore.FaceBoundElsewhereAsync(tx, hash, card.CardId, ct))
                    {
                        throw new ConflictException(
                            "face_already_bound",
                            "This face id is bound to another card; one face, one card."
                        );
                    }

                    card.FaceIdHash = hash;
                    return new CardChange("face_bound", null, c =>
                        c.Describe(Blank.FaceBound(hash), actor, "face_bound", tx.Now)
                    );
                },
                ct
            );
            return TypedResults.Ok(CardsApi.CardView.Of(card));
        }
        catch (PostgresException e)
            when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "cards_face_id_hash_key")
        {
            // Two cards raced for the same face: the second loses here.
            throw new ConflictException(
                "face_already_bound",
                "This face id is bound to another card; one face, one card."
            );
        }
    }

    public sealed record QrCodeView(
        string Code,
        string KeyId,
        Guid CardId,
        DateTimeOffset IssuedAt,
        DateTimeOffset ExpiresAt
    );

    private sealed record QrPayload(string Kid, string Card, long Iat, long Exp, string Nonce);

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A QR code for an active card, in exactly the protocol's format: <c>LC1.</c> + base64url(payload)
    /// + <c>.</c> + base64url(ECDSA P-256 SHA-256 signature over the ASCII <c>LC1.&lt;payload&gt;</c>,
    /// IEEE P1363 r||s), no padding; valid at most 120 s.
    /// </summary>
    public static async Task<Ok<QrCodeView>> IssueQrCode(
        Guid cardId,
        HttpContext http,
        CardStore store,
        QrKeyRing ring,
        QrOptions options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller();
        var authorise = caller.HolderOrBureau();
        var card = await store.FindAsync(cardId, ct) ?? throw new NotFoundException("Card");
        authorise(card);
        card.RequireNotRevoked();
        if (card.Status != CardStatuses.Active)
        {
            throw new ConflictException(
                card.Status == CardStatuses.PendingConsent ? "card_pending_consent" : "card_suspended",
                $"QR codes are issued for active cards only; this card is {card.Status}."
            );
        }

        var now = time.GetUtcNow();
        var iat = now.ToUnixTimeSeconds();
        var exp = iat + options.LifetimeSeconds;
        var key = ring.Current;
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new QrPayload(key.KeyId, card.CardId.ToString(), iat, exp, nonce),
            PayloadJson
        );
        var signed = "LC1." + Base64Url.EncodeToString(payload);
        byte[] signature;
        lock (key.Key)
        {
            signature = key.Key.SignData(
                Encoding.ASCII.GetBytes(signed),
                HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation
            );
        }

        return TypedResults.Ok(
            new QrCodeView(
                signed + "." + Base64Url.EncodeToString(signature),
                key.KeyId,
                card.CardId,
                DateTimeOffset.FromUnixTimeSeconds(iat),
                DateTimeOffset.FromUnixTimeSeconds(exp)
            )
        );
    }

    public sealed record Jwk(string Kty, string Crv, string X, string Y, string Kid, string Alg, string Use);

    public sealed record QrKeyView(
        string Kid,
        string Status,
        string Alg,
        string PublicKeySpki,
        Jwk Jwk,
        DateTimeOffset NotBefore,
        DateTimeOffset? NotAfter
    );

    public sealed record QrKeysView(string CurrentKeyId, IReadOnlyList<QrKeyView> Keys);

    /// <summary>The current key and the previous keys whose codes may still be valid, for offline
    /// verification.</summary>
    public static Ok<QrKeysView> GetQrKeys(QrKeyRing ring, TimeProvider time)
    {
        var current = ring.Current;
        var keys = ring.Verifying(time.GetUtcNow())
            .OrderByDescending(k => k.KeyId == current.KeyId)
            .ThenByDescending(k => k.CreatedAt)
            .Select(k =>
            {
                var p = k.Key.ExportParameters(false);
                return new QrKeyView(
                    k.KeyId,
                    k.KeyId == current.KeyId ? "current" : "previous",
                    "ES256",
                    k.PublicKeySpki,
                    new Jwk(
                        "EC",
                        "P-256",
                        Base64Url.EncodeToString(p.Q.X),
                        Base64Url.EncodeToString(p.Q.Y),
                        k.KeyId,
                        "ES256",
                        "sig"
                    ),
                    k.CreatedAt,
                    k.NotAfter
                );
            })
            .ToArray();
        return TypedResults.Ok(new QrKeysView(current.KeyId, keys));
    }

    /// <summary>The province makes a new current key; the previous one keeps verifying until its codes
    /// expire.</summary>
    public static async Task<Ok<QrKeysView>> RotateQrKeys(
        HttpContext http,
        QrKeyRing ring,
        QrKeyPublisher publisher,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Province);
        ring.Rotate(time.GetUtcNow());
        await publisher.PublishPendingAsync(caller.Actor(), ct);
        return GetQrKeys(ring, time);
    }
}
