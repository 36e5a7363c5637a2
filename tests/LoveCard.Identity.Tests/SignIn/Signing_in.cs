using LoveCard.Demo.Accounts;

namespace LoveCard.Identity.Tests.SignIn;

public sealed class Signing_in
{
    [Test]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var auditor = await People.StaffAsync("auditor", "330903");
        var outcomes = new List<SignInBrowser.Outcome>();
        for (var i = 0; i < 5; i++)
        {
            using var browser = People.Browser();
            outcomes.Add((await browser.SignInStaffAsync(auditor.UserName, "Wrong-password-" + i)).Outcome);
        }

        using var right = People.Browser();
        var afterwards = await right.SignInStaffAsync(auditor.UserName, auditor.InitialPassword, People.NewPassword);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Take(4), Is.All.EqualTo(SignInBrowser.Outcome.Refused));
            Assert.That(outcomes[4], Is.EqualTo(SignInBrowser.Outcome.Locked));
            Assert.That(
                afterwards.Outcome,
                Is.EqualTo(SignInBrowser.Outcome.Locked),
                "the right password does not open a locked account"
            );
            Assert.That(afterwards.LastPage, Does.Contain("暂时无法登录"));
        });
    }

    [Test]
    public async Task A_bureau_clerk_without_TOTP_cannot_finish()
    {
        var clerk = await People.StaffAsync("bureau_clerk", "330903");
        using var browser = People.Browser();
        // Changes the initial password, then stops at the enrolment page (no authenticator).
        var stopped = await browser.SignInStaffAsync(
            clerk.UserName,
            clerk.InitialPassword,
            People.NewPassword,
            start: "/account/login",
            enrol: false
        );
        Assert.That(stopped.Outcome, Is.EqualTo(SignInBrowser.Outcome.NeedsTotp));

        // The half-finished session gets no code: the authorize request goes back to the sign-in pages.
        var ex = Assert.ThrowsAsync<InvalidOperationException>(() =>
            browser.CodeFlowAsync(People.ConsoleClient, People.ConsoleRedirect, authorize =>
                browser.SignInStaffAsync(clerk.UserName, People.NewPassword, start: authorize, enrol: false)
            )
        );
        Assert.That(ex!.Message, Does.Contain("NeedsTotp"));
    }

    [Test]
    public async Task Forces_a_change_of_the_initial_password_by_the_rules()
    {
        var auditor = await People.StaffAsync("auditor", "330903");
        using var browser = People.Browser();
        var weak = await browser.SignInStaffAsync(auditor.UserName, auditor.InitialPassword, "short1!");
        Assert.That(weak.Outcome, Is.EqualTo(SignInBrowser.Outcome.NeedsPasswordChange));
        Assert.That(weak.LastPage, Does.Contain("至少需要 12 个字符"));
    }
}
