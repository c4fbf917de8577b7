namespace FaultTolerantRunner.Schedules;

/// <summary>What a schedule does with occurrences it missed (the cluster was down, its node died) once it runs again.</summary>
public enum ScheduleCatchUp
{
    /// <summary>Only occurrences from now on; the missed ones are recorded as missed.</summary>
    None,

    /// <summary>One fire for the newest missed occurrence.</summary>
    Latest,

    /// <summary>Every missed occurrence, oldest first, at most <c>Schedules:MaxCatchUp</c> (the newest ones).</summary>
    All,
}
