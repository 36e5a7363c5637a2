using System.Security.Claims;
using LoveCard.Identity.Federation;

namespace LoveCard.Identity.Tests.Federation;

public sealed class Mapping_external_claims
{
    private static readonly FederationOptions Options = new()
    {
        Enabled = true,
        RoleClaim = "post",
        CountyClaim = "division",
        RoleMap = new()
        {
            ["民政局科员"] = "bureau_clerk",
            ["民政厅管理员"] = "province_admin",
            ["养老机构负责人"] = "provider_admin",
        },
    };

    private static ClaimsPrincipal Person(params (string Type, string Value)[] claims) =>
        new(
            new ClaimsIdentity(
                claims.Select(c => new Claim(c.Type, c.Value)).Append(new Claim("iss", "https://ids.zj.gov.cn")),
                "external"
            )
        );

    [Test]
    public void Gives_a_mapped_post_its_role_and_county()
    {
        var (staff, refusal) = ExternalClaimMapper.Map(
            Person(("sub", "u1"), ("post", "民政局科员"), ("division", "330903001"), ("name", "王芳"), ("amr", "otp")),
            Options
        );
        Assert.That(refusal, Is.Null);
        Assert.That(
            staff,
            Is.EqualTo(
                new ExternalClaimMapper.Mapped("https://ids.zj.gov.cn", "u1", "bureau_clerk", "330903", "王芳", true)
            )
        );
    }

    [Test]
    public void Gives_the_province_no_county()
    {
        var (staff, _) = ExternalClaimMapper.Map(Person(("sub", "u2"), ("post", "民政厅管理员")), Options);
        Assert.That(staff!.AccountRole, Is.EqualTo("province_admin"));
        Assert.That(staff.County, Is.Null);
        Assert.That(staff.SecondFactorDone, Is.False);
    }

    [TestCase("临时工", "330903", TestName = "Refuses_an_unmapped_post")]
    [TestCase("民政局科员", null, TestName = "Refuses_a_county_role_without_a_county")]
    [TestCase("民政局科员", "110101", TestName = "Refuses_a_county_outside_Zhejiang")]
    [TestCase("养老机构负责人", "330903", TestName = "Refuses_provider_roles_which_their_admins_give")]
    public void Refuses(string post, string? division)
    {
        var claims = new List<(string, string)> { ("sub", "u3"), ("post", post) };
        if (division is not null)
        {
            claims.Add(("division", division));
        }

        var (staff, refusal) = ExternalClaimMapper.Map(Person([.. claims]), Options);
        Assert.That(staff, Is.Null);
        Assert.That(refusal, Is.Not.Empty);
    }
}
