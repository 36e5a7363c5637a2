using QRCoder;

namespace LoveCard.Identity.SignIn;

/// <summary>Renders the enrolment QR code as SVG on the server, so the page needs no script.</summary>
public static class QrSvg
{
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(5);
    }
}
