using MathNet.Numerics.Distributions;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>
/// How far a measured share may stray from its expected value by chance alone, from the sample size: the exact binomial
/// range holding all but the tail mass of ±<c>sigmas</c> standard errors of a normal (4σ: 6.3e-5, about one run in 16,000).
/// Exact, not mean ± 4·SE: with 1 − r⁵ near 1 the expected failure count is below one, where the normal approximation
/// would call a single unlucky failure impossible.
/// </summary>
public static class BinomialBound
{
    /// <summary>The smallest and largest count of <paramref name="n"/> trials at probability <paramref name="p"/> that chance explains.</summary>
    public static (int Low, int High) Counts(int n, double p, double sigmas)
    {
        var tail = Normal.CDF(0, 1, -sigmas); // one side's share
        var low = 0;
        while (low < n && Binomial.CDF(p, n, low) <= tail) low++;
        var high = low;
        while (high < n && 1 - Binomial.CDF(p, n, high) > tail) high++;
        return (low, high);
    }

    /// <summary>The Wilson score interval of <paramref name="successes"/> out of <paramref name="n"/> at ±<paramref name="z"/> (1.96: 95 %).</summary>
    public static (double Low, double High) Wilson(int successes, int n, double z = 1.96)
    {
        var share = (double)successes / n;
        var centre = (share + z * z / (2 * n)) / (1 + z * z / n);
        var half = z / (1 + z * z / n) * Math.Sqrt(share * (1 - share) / n + z * z / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Standard error of a share <paramref name="p"/> measured on <paramref name="n"/> trials.</summary>
    public static double StandardError(double p, int n) => Math.Sqrt(p * (1 - p) / n);
}
