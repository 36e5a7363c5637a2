using System.Diagnostics;
using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Whitelist;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Ledger;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>Every decline code of TERMINAL-PROTOCOL.md is reachable; declines answer 200 and are recorded.</summary>
public sealed class Declining_a_purchase
{
    private string _county = "";
    private TestTerminal _terminal = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        _county = NewCounty();
        _terminal = await AddTerminalAsync(
            await AddProviderAsync(_county, [Item(ServiceItems.Meal, 1500), Item(ServiceItems.Cleaning, 5000)]),
            _county
        );
    }

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    private static async Task<PurchaseAnswer> ExpectDeclineAsync(TestTerminal terminal, object body, string code)
    {
        var answer = await BuyAsync(terminal, body);
        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("declined"));
            Assert.That(answer.DeclineCode, Is.EqualTo(code));
            Assert.That(answer.Split, Is.Null);
            Assert.That(answer.RemainingCaps, Is.Null);
            Assert.That(answer.PriceFen, Is.Null);
        });
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM purchases WHERE purchase_id = @PurchaseId AND status = 'declined' AND "
                    + "decline_code = @code",
                new { answer.PurchaseId, code }
            ),
            Is.EqualTo(1),
            "a decline is recorded"
        );
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM postings WHERE purchase_id = @PurchaseId",
                new { answer.PurchaseId }
            ),
            Is.EqualTo(0)
        );
        return answer;
    }

    [Test]
    public async Task Card_unknown() =>
        await ExpectDeclineAsync(
            _terminal,
            PurchaseBody(new { type = "card", value = NewCardNumber() }),
            DeclineCodes.CardUnknown
        );

    [Test]
    public async Task Card_replaced_for_the_old_number()
    {
        var elder = await AddElderAsync(_county);
        var newNumber = NewCardNumber();
        await PublishAsync(
            new CardReplaced
            {
                AggregateId = elder.CardId.ToString(),
                AggregateVersion = 2,
                Actor = TestActor,
                Reason = "lost",
                OccurredAt = Now,
                CardId = elder.CardId,
                ElderId = elder.ElderId,
                HomeCounty = _county,
                CardNumber = newNumber,
                Status = CardStatuses.Active,
                PreviousCardNumber = elder.CardNumber,
            }
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync(
                "SELECT count(*) FROM rm_card_replaced_numbers WHERE card_number = @CardNumber",
                new { elder.CardNumber }
            ) == 1
        );

        var declined = await ExpectDeclineAsync(_terminal, PurchaseBody(Card(elder)), DeclineCodes.CardReplaced);
        var approved = await BuyAsync(_terminal, PurchaseBody(new { type = "card", value = newNumber }));

        Assert.That(declined.Elder, Is.Null, "an old number identifies nobody");
        Assert.That(approved.Status, Is.EqualTo("approved"));
    }

    [Test]
    public async Task Card_revoked()
    {
        var elder = await AddElderAsync(_county, status: CardStatuses.Revoked);
        var answer = await ExpectDeclineAsync(_terminal, PurchaseBody(Card(elder)), DeclineCodes.CardRevoked);
        Assert.That(
            answer.Elder?.HomeCounty,
            Is.EqualTo(_county),
            "the elder is given when the credential identified one"
        );
    }

    [Test]
    public async Task Qr_invalid_for_a_forged_signature()
    {
        var elder = await AddElderAsync(_county);
        var (_, kid) = await PublishQrKeyAsync();
        using var forger = System.Security.Cryptography.ECDsa.Create(
            System.Security.Cryptography.ECCurve.NamedCurves.nistP256
        );

        await ExpectDeclineAsync(
            _terminal,
            PurchaseBody(new { type = "qr", value = SignQr(forger, kid, elder.CardId, Now) }),
            DeclineCodes.QrInvalid
        );
        await ExpectDeclineAsync(
            _terminal,
            PurchaseBody(new { type = "qr", value = "LC1.bm90LWpzb24.AAAA" }),
            DeclineCodes.QrInvalid
        );
    }

    [Test]
    public async Task Qr_expired()
    {
        var elder = await AddElderAsync(_county);
        var (key, kid) = await PublishQrKeyAsync();
        await ExpectDeclineAsync(
            _terminal,
            PurchaseBody(
                new { type = "qr", value = SignQr(key, kid, elder.CardId, Now.AddSeconds(-200), lifetimeSeconds: 120) }
            ),
            DeclineCodes.QrExpired
        );
    }

    [Test]
    public async Task Qr_replayed_on_the_second_use_at_any_terminal_but_not_on_an_idempotent_retry()
    {
        var elder = await AddElderAsync(_county, category: 3);
        var (key, kid) = await PublishQrKeyAsync();
        var code = SignQr(key, kid, elder.CardId, Now);
        var other = await AddTerminalAsync(await AddProviderAsync(_county), _county);

        var inquiry = await _terminal.PostJsonAsync(
            "/terminal/v1/inquiries",
            new { credential = new { type = "qr", value = code } }
        );
        var first = await BuyAsync(_terminal, PurchaseBody(new { type = "qr", value = code }), key: "qr-first");
        var retry = await BuyAsync(_terminal, PurchaseBody(new { type = "qr", value = code }), key: "qr-first");

        Assert.That(
            await inquiry.Content.ReadAsStringAsync(),
            Does.Contain("\"declineCode\":null"),
            "an inquiry does not use a code up"
        );
        Assert.That(first.Status, Is.EqualTo("approved"));
        Assert.That(retry.PurchaseId, Is.EqualTo(first.PurchaseId));
        await ExpectDeclineAsync(other, PurchaseBody(new { type = "qr", value = code }), DeclineCodes.QrReplayed);
    }

    [Test]
    public async Task Accepts_a_qr_code_whose_key_only_the_cards_service_knows_yet()
    {
        var elder = await AddElderAsync(_county, category: 3);
        using var key = System.Security.Cryptography.ECDsa.Create(
            System.Security.Cryptography.ECCurve.NamedCurves.nistP256
        );
        var kid = "fetched-" + Guid.NewGuid().ToString("N")[..8];
        CardsServiceQrKeys[kid] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

        var answer = await BuyAsync(
            _terminal,
            PurchaseBody(new { type = "qr", value = SignQr(key, kid, elder.CardId, Now) })
        );

        Assert.That(answer.Status, Is.EqualTo("approved"), answer.DeclineCode);
    }

    [Test]
    public async Task Face_unknown_and_a_bound_face_buys()
    {
        var elder = await AddElderAsync(_county, category: 3);
        var faceId = "face-" + Guid.NewGuid();
        var hash = Host.Services.GetService(typeof(LoveCard.Hosting.PersonalData.PersonalDataProtector))
            is LoveCard.Hosting.PersonalData.PersonalDataProtector p
            ? p.Hash(faceId)
            : throw new InvalidOperationException();
        await PublishAsync(
            new CardFaceBound
            {
                AggregateId = elder.CardId.ToString(),
                AggregateVersion = 2,
                Actor = TestActor,
                Reason = "bound",
                OccurredAt = Now,
                CardId = elder.CardId,
                ElderId = elder.ElderId,
                HomeCounty = _county,
                CardNumber = elder.CardNumber,
                Status = CardStatuses.Active,
                FaceIdHash = hash,
            }
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_cards WHERE face_hash = @hash", new { hash }) == 1
        );

        await ExpectDeclineAsync(
            _terminal,
            PurchaseBody(new { type = "face", value = "face-nobody" }),
            DeclineCodes.FaceUnknown
        );
        var approved = await BuyAsync(_terminal, PurchaseBody(new { type = "face", value = faceId }));
        Assert.That(approved.Status, Is.EqualTo("approved"));
    }

    [Test]
    public async Task Not_eligible()
    {
        var elder = await AddElderAsync(_county, eligible: false);
        await ExpectDeclineAsync(_terminal, PurchaseBody(Card(elder)), DeclineCodes.NotEligible);
    }

    [Test]
    public async Task Card_pending_consent()
    {
        var elder = await AddElderAsync(_county, status: CardStatuses.PendingConsent);
        await ExpectDeclineAsync(_terminal, PurchaseBody(Card(elder)), DeclineCodes.CardPendingConsent);
    }

    [Test]
    public async Task Card_suspended_within_a_second_of_the_event_through_the_real_broker()
    {
        var elder = await AddElderAsync(_county, category: 3);
        Assert.That((await BuyAsync(_terminal, PurchaseBody(Card(elder)))).Status, Is.EqualTo("approved"));

        var watch = Stopwatch.StartNew();
        await PublishCardAsync<CardSuspended>(elder, 2, CardStatuses.Suspended);
        await Eventually.AssertAsync(
            async () =>
            {
                var response = await _terminal.PostJsonAsync(
                    "/terminal/v1/inquiries",
                    new { credential = Card(elder), item = "meal" }
                );
                return (await response.Content.ReadAsStringAsync()).Contains(
                    "\"declineCode\":\"card_suspended\"",
                    StringComparison.Ordinal
                );
            },
            TimeSpan.FromSeconds(5)
        );
        watch.Stop();

        await ExpectDeclineAsync(_terminal, PurchaseBody(Card(elder)), DeclineCodes.CardSuspended);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));

        // A late, older CardResumed (version 1 < 2) does not undo the suspension.
        await PublishCardAsync<CardResumed>(elder, 1, CardStatuses.Active);
        await Task.Delay(300);
        await ExpectDeclineAsync(_terminal, PurchaseBody(Card(elder)), DeclineCodes.CardSuspended);
    }

    [Test]
    public async Task Provider_not_whitelisted_and_provider_suspended()
    {
        var elder = await AddElderAsync(_county, category: 3);
        var unknownProvider = await AddTerminalAsync(Guid.NewGuid(), _county);
        var providerId = await AddProviderAsync(_county);
        var suspended = await AddTerminalAsync(providerId, _county);
        await PublishProviderAsync<ProviderSuspended>(providerId, _county, 2, ProviderStatuses.Suspended);
        await Eventually.AssertAsync(async () =>
            await CountAsync(
                "SELECT count(*) FROM rm_providers WHERE provider_id = @providerId AND status = 'suspended'",
                new { providerId }
            ) == 1
        );

        await ExpectDeclineAsync(unknownProvider, PurchaseBody(Card(elder)), DeclineCodes.ProviderNotWhitelisted);
        await ExpectDeclineAsync(suspended, PurchaseBody(Card(elder)), DeclineCodes.ProviderSuspended);
    }

    [Test]
    public async Task Item_not_allowed()
    {
        var elder = await AddElderAsync(_county);
        await ExpectDeclineAsync(_terminal, PurchaseBody(Card(elder), ServiceItems.Bath), DeclineCodes.ItemNotAllowed);
    }

    [Test]
    public async Task Price_above_standard()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 3);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county, [Item(ServiceItems.Meal, 1500)]), county);
        await PublishAsync(
            new PriceStandardChanged
            {
                AggregateId = "price-standards:" + county,
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                County = county,
                StandardVersion = 1,
                EffectiveFrom = LoveCard.Hosting.Shanghai.Today(Now),
                Items = [new PriceStandardItem(ServiceItems.Meal, "meal", "time", 1200)],
            }
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_price_standards WHERE county = @county", new { county }) == 1
        );

        await ExpectDeclineAsync(terminal, PurchaseBody(Card(elder)), DeclineCodes.PriceAboveStandard);
    }

    [Test]
    public async Task County_not_in_network_when_the_home_county_left_the_one_card_network()
    {
        var home = NewCounty();
        var elder = await AddElderAsync(home, category: 3);
        await PublishAsync(
            new CountySettingsChanged
            {
                AggregateId = "county-settings:" + home,
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                County = home,
                AdvancedAge = 80,
                MinDisabilityLevel = 1,
                AssessmentValidMonths = 12,
                AllowNonLocalResidents = true,
                OneCardNetwork = false,
                SuspendBelow = 60,
                LowFundAlertDays = 7,
                MountainOrIsland = false,
            }
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_county_settings WHERE county = @home", new { home }) == 1
        );

        await ExpectDeclineAsync(_terminal, PurchaseBody(Card(elder)), DeclineCodes.CountyNotInNetwork);
    }

    [Test]
    public async Task Order_invalid_for_an_unknown_order()
    {
        var elder = await AddElderAsync(_county);
        await ExpectDeclineAsync(
            _terminal,
            PurchaseBody(Card(elder), orderId: Guid.NewGuid()),
            DeclineCodes.OrderInvalid
        );
    }

    [Test]
    public async Task Family_share_exceeds_limit()
    {
        var elder = await AddElderAsync(_county, category: 3);
        var answer = await ExpectDeclineAsync(
            _terminal,
            PurchaseBody(Card(elder), maxFamilyFen: 1499),
            DeclineCodes.FamilyShareExceedsLimit
        );
        Assert.That(answer.Elder, Is.Not.Null);
        Assert.That(
            (await BuyAsync(_terminal, PurchaseBody(Card(elder), maxFamilyFen: 1500))).Status,
            Is.EqualTo("approved")
        );
    }

    [Test]
    public async Task Family_share_exceeds_limit_gives_the_funds_back()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAllAsync(county, elder.Village, 1000); // fiscal covers only 1000 of its 1200
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);

        await ExpectDeclineAsync(
            terminal,
            PurchaseBody(Card(elder), maxFamilyFen: 100),
            DeclineCodes.FamilyShareExceedsLimit
        );

        Assert.That(
            await CountAsync(
                "SELECT sum(balance_fen)::bigint FROM fund_shards WHERE account_id = @a",
                new { a = $"fund:{county}:fiscal" }
            ),
            Is.EqualTo(1000)
        );
        Assert.That(
            await CountAsync(
                "SELECT coalesce(sum(fiscal_used_fen), 0)::bigint FROM cap_usage WHERE elder_id = @ElderId",
                new { elder.ElderId }
            ),
            Is.EqualTo(0)
        );
    }

    [Test]
    public async Task Held_for_review_for_a_fourth_meal_in_a_day_without_touching_the_funds()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAllAsync(county, elder.Village, 100_000);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await BuyAsync(terminal, PurchaseBody(Card(elder)))).Status, Is.EqualTo("approved"));
        }

        await ExpectDeclineAsync(terminal, PurchaseBody(Card(elder)), DeclineCodes.HeldForReview);
        await ExpectDeclineAsync(terminal, PurchaseBody(Card(elder), maxFamilyFen: 0), DeclineCodes.HeldForReview);

        Assert.That(
            await CountAsync(
                "SELECT sum(balance_fen)::bigint FROM fund_shards WHERE account_id = @a",
                new { a = $"fund:{county}:fiscal" }
            ),
            Is.EqualTo(100_000 - 3 * 1200)
        );
    }

    [Test]
    public async Task Checks_in_the_protocol_order_card_before_provider()
    {
        var elder = await AddElderAsync(_county, status: CardStatuses.Suspended);
        var unknownProvider = await AddTerminalAsync(Guid.NewGuid(), _county);

        await ExpectDeclineAsync(
            unknownProvider,
            PurchaseBody(Card(elder), orderId: Guid.NewGuid()),
            DeclineCodes.CardSuspended
        );
    }

    [Test]
    public async Task Answers_the_same_decline_to_a_retry_with_the_same_key()
    {
        var body = TestTerminal.Serialize(PurchaseBody(new { type = "card", value = NewCardNumber() }));
        var first = await _terminal.PostAsync("/terminal/v1/purchases", body, "decline-retry");
        var second = await _terminal.PostAsync("/terminal/v1/purchases", body, "decline-retry");

        Assert.That(await second.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
        Assert.That(
            second.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"),
            Is.True
        );
        var id = JsonDocument
            .Parse(await first.Content.ReadAsStringAsync())
            .RootElement.GetProperty("purchaseId")
            .GetGuid();
        Assert.That(
            await CountAsync("SELECT count(*) FROM purchases WHERE purchase_id = @id", new { id }),
            Is.EqualTo(1)
        );
    }
}
