using Akka.Actor;
using FaultTolerantRunner.Recovery;

namespace FaultTolerantRunner.Tests.Support;

/// <summary>Stands in for the recovery shard region in single-system specs: one real <see cref="RecoveryEntity"/> child per fingerprint.</summary>
public sealed class RecoveryHost : ReceiveActor
{
    public RecoveryHost(RecoveryRuntime runtime)
    {
        Receive<IRecoveryMessage>(message =>
        {
            var name = Uri.EscapeDataString(message.Fingerprint);
            var child = Context.Child(name);
            if (child.IsNobody()) child = Context.ActorOf(RecoveryEntity.Props(message.Fingerprint, runtime), name);
            child.Forward(message);
        });
    }

    public static Props Props(RecoveryRuntime runtime) => Akka.Actor.Props.Create(() => new RecoveryHost(runtime));
}
