using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Recovery;

/// <summary>
/// Severity that rises with repetition (configuration section <c>Recovery:SeverityRaise</c>): <see cref="Count"/> reports of
/// one fingerprint within <see cref="Window"/> raise the severity of its next reports one level (low → medium → high →
/// critical), up to <see cref="Max"/>. Another rise needs another <see cref="Count"/> reports after the last one.
/// </summary>
public sealed class SeverityRaiseOptions
{
    /// <summary>Reports within <see cref="Window"/> that raise the severity; 0 turns raising off.</summary>
    public int Count { get; set; } = RecoveryDefaults.SeverityRaiseCount;

    /// <summary>The span those reports must fall within.</summary>
    public TimeSpan Window { get; set; } = RecoveryDefaults.SeverityRaiseWindow;

    /// <summary>
    /// The highest severity repetition alone reaches. High by default: critical's route stops the tool's intake, which a
    /// merely frequent error should not do unless an operator asks for it.
    /// </summary>
    public Severity Max { get; set; } = RecoveryDefaults.SeverityRaiseMax;
}
