using System.Globalization;
using System.Text;
using LoveCard.Demo.Codes;

namespace LoveCard.Demo;

/// <summary>How a demo card's consent is given (DOMAIN.md §1): by the elder, by an agent (代办人), or not yet.</summary>
public enum ConsentBy
{
    ElderOnline,
    ElderOffline,
    Agent,
    None,
}
