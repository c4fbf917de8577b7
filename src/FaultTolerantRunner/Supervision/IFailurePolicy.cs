namespace FaultTolerantRunner.Supervision;

/// <summary>Decides, purely, what a failed attempt leads to. The attempt supervisor's decider follows the verdict.</summary>
public interface IFailurePolicy
{
    FailureVerdict Judge(Exception error, string tool, int attempt);
}
