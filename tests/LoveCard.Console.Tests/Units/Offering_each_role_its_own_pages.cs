using LoveCard.Console.Auth;
using LoveCard.Console.Workspaces;

namespace LoveCard.Console.Tests.Units;

public sealed class Offering_each_role_its_own_pages
{
    private static string[] Pages(string role, string? county = "330903") =>
        NavModel
            .Pages(new Person("s", "u", "u", role, county, role == "provider" ? Guid.NewGuid() : null))
            .Select(p => p.Href!)
            .ToArray();

    [Test]
    public void An_auditor_is_offered_no_page_whose_purpose_is_to_change_something()
    {
        var auditor = Pages("auditor");
        Assert.Multiple(() =>
        {
            Assert.That(auditor, Does.Not.Contain("/approvals"));
            Assert.That(auditor, Does.Not.Contain("/imports"));
            Assert.That(auditor, Does.Contain("/anomalies"), "reads the supervision queue");
            Assert.That(auditor, Does.Contain("/audit"));
            Assert.That(new Person("s", "u", "u", "auditor", "330903", null).MayDecide, Is.False);
        });
    }

    [Test]
    public void A_bureau_clerk_works_the_county_and_approves()
    {
        var bureau = Pages("bureau");
        Assert.That(
            bureau,
            Is.SupersetOf(
                new[]
                {
                    "/",
                    "/elders",
                    "/imports",
                    "/cards",
                    "/providers",
                    "/funds",
                    "/approvals",
                    "/anomalies",
                    "/statements",
                    "/clearing",
                }
            )
        );
        Assert.That(bureau, Has.None.StartsWith("/provider/"));
    }

    [Test]
    public void A_provider_sees_only_its_own_workspace() =>
        Assert.That(Pages("provider", null), Has.All.StartsWith("/provider"));

    [Test]
    public void The_province_sees_the_province_and_any_county() =>
        Assert.That(
            Pages("province", null),
            Is.SupersetOf(new[] { "/province", "/public-stats", "/audit/chain", "/", "/approvals" })
        );

    [TestCase("township")]
    [TestCase("village")]
    public void A_township_or_village_official_sees_its_area_and_nothing_about_money(string role)
    {
        var pages = Pages(role);
        Assert.Multiple(() =>
        {
            Assert.That(pages, Has.All.StartsWith("/area"));
            Assert.That(
                pages,
                Is.EquivalentTo(new[] { "/area", "/area/visiting-care", "/area/providers", "/area/anomalies" })
            );
            Assert.That(new Person("s", "u", "u", role, "330903", null).MayDecide, Is.False);
        });
    }
}
