namespace FaultTolerantRunner.Schedules;

/// <summary>Problem codes a schedule entity answers with.</summary>
public static class ScheduleProblems
{
    public const string NotFound = "schedule-not-found";
}
