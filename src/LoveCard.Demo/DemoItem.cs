using System.Globalization;
using System.Text;
using LoveCard.Demo.Codes;

namespace LoveCard.Demo;

public sealed record DemoItem(string ItemCode, long UnitPriceFen, int DiscountPercent);
