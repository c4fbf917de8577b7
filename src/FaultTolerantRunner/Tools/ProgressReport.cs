using System.Text;

namespace FaultTolerantRunner.Tools;

/// <summary>One progress report of a handler, validated: a bad value is a handler bug and throws at the call.</summary>
public sealed record ProgressReport(double Percent, string? Message, string? Checkpoint)
{
    public const int MaxMessageLength = 200;

    public static ProgressReport Create(double percent, string? message, string? checkpoint, int maxCheckpointBytes)
    {
        if (!double.IsFinite(percent) || percent is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "progress must be a finite percentage between 0 and 100");
        if (message is { Length: > MaxMessageLength })
            throw new ArgumentException($"a progress message is at most {MaxMessageLength} characters (got {message.Length})", nameof(message));
        if (checkpoint is not null && Encoding.UTF8.GetByteCount(checkpoint) is var bytes && bytes > maxCheckpointBytes)
            throw new ArgumentException($"a checkpoint is at most {maxCheckpointBytes} UTF-8 bytes (Tasks:MaxCheckpointBytes; got {bytes})", nameof(checkpoint));
        return new ProgressReport(percent, message, checkpoint);
    }

    /// <summary>A later report replaces this one, but a checkpoint is never dropped for a report that has none.</summary>
    public ProgressReport FollowedBy(ProgressReport later) => later.Checkpoint is null ? later with { Checkpoint = Checkpoint } : later;
}
