namespace Starter.Services;

/// <summary>
/// A decimal as a <c>numeric(18, 2)</c> column keeps it: rounded to 2 places, half away from zero as
/// PostgreSQL rounds, and with both places written (<c>174.00</c>, not <c>174</c>). A create's
/// answer, built from what the client sent, then shows the number every later read shows.
/// </summary>
public static class Money
{
    // Adding 0.00m gives the sum the larger scale of the two: 2.
    public static decimal AsStored(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;

    public static decimal? AsStored(decimal? value) => value is { } amount ? AsStored(amount) : null;
}
