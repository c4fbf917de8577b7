using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>Bound to <see cref="Unserializable"/> by the compliance specs.</summary>
public sealed class RefusingSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public override int Identifier => 771_016;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => throw new SerializationException($"{obj.GetType().Name} is refused on purpose");

    public override object FromBinary(byte[] bytes, Type type) => throw new SerializationException("nothing of this kind was ever written");
}
