using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace FaultTolerantRunner.TestSupport;

/// <summary>
/// Time that passes only when a test says so, for an actor that reads a <see cref="TimeProvider"/> and schedules Akka
/// timers: <see cref="Clock"/> is what it reads, the system's <see cref="TestScheduler"/> fires its timers, and
/// <see cref="Advance"/> moves both. Not for specs on a journal: the SQL plugin's own timers would stand still too.
/// </summary>
public sealed class ManualTime
{
    /// <summary>A system config whose scheduler is virtual; give it to the TestKit (it takes precedence over its defaults).</summary>
    public static readonly Config Config = ConfigurationFactory.ParseString("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"");

    private readonly TestScheduler _scheduler;

    public ManualTime(ActorSystem system)
    {
        _scheduler = system.Scheduler as TestScheduler
                     ?? throw new InvalidOperationException($"the system's scheduler is {system.Scheduler.GetType().Name}: create the system with {nameof(ManualTime)}.{nameof(Config)}");
        Clock = new FakeTimeProvider(_scheduler.Now);
    }

    /// <summary>The clock to hand the code under test.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>
    /// Moves the clock, then fires the timers due by the new time (a periodic timer once per call). A timer is scheduled
    /// when its actor handles the message that starts it: make sure it has (a reply, an Identify) before advancing.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        _scheduler.Advance(by);
    }
}
