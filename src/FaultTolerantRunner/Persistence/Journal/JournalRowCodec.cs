using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Akka.Util;

namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// Events to journal rows and back, in the plugin's format: the payload serialized by the serializer bound to its type,
/// that serializer's id in <c>identifier</c>, its string manifest (or the type name for a serializer that asks for one) in
/// <c>manifest</c>, tags as <c>;a;b;</c> (empty when none), the time of writing in ticks in <c>created</c>.
/// </summary>
internal sealed class JournalRowCodec(ExtendedActorSystem system, string writerUuid)
{
    private readonly Akka.Serialization.Serialization _serialization = system.Serialization;

    /// <summary>The rows of one atomic write, or the exception that rejects it (nothing of it is written).</summary>
    public (JournalRow[]? Rows, Exception? Rejection) Encode(AtomicWrite write, long now)
    {
        if (write.Payload is not IImmutableList<IPersistentRepresentation> events)
            return (null, new ArgumentException($"{write.PersistenceId}: an atomic write without events ({write.LowestSequenceNr}-{write.HighestSequenceNr})"));
        var rows = new JournalRow[events.Count];
        try
        {
            for (var i = 0; i < events.Count; i++) rows[i] = Encode(events[i], now);
        }
        catch (Exception e)
        {
            return (null, e);
        }
        return (rows, null);
    }

    private JournalRow Encode(IPersistentRepresentation representation, long now)
    {
        var (payload, tags) = representation.Payload is Tagged tagged
            ? (tagged.Payload, tagged.Tags.Count == 0 ? "" : $";{string.Join(';', tagged.Tags)};")
            : (representation.Payload, "");
        var serializer = _serialization.FindSerializerFor(payload);
        // Actor references inside events (sharding's coordinator state) serialize with this system's address.
        var message = Akka.Serialization.Serialization.WithTransport(system, (serializer, payload), static s => s.serializer.ToBinary(s.payload));
        var manifest = serializer switch
        {
            SerializerWithStringManifest withManifest => withManifest.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => "",
        };
        return new JournalRow(representation.PersistenceId, representation.SequenceNr,
            representation.Timestamp == 0 ? now : representation.Timestamp, message, tags, manifest, serializer.Identifier, writerUuid);
    }

    /// <summary>A replayed row as the event the actor recovers (tags dropped: replay gives the payload alone).</summary>
    public Persistent Decode(string persistenceId, long sequenceNumber, byte[] message, string? manifest, int? identifier, string? writerUuid, long created)
    {
        var payload = identifier is { } id
            ? _serialization.Deserialize(message, id, manifest ?? "")
            : DeserializeByType(message, manifest);
        return new Persistent(payload, sequenceNumber, persistenceId, manifest ?? "", isDeleted: false, ActorRefs.NoSender, writerUuid, created);
    }

    // Rows of very old plugin versions name a type instead of a serializer.
    private object DeserializeByType(byte[] message, string? manifest)
    {
        var type = Type.GetType(manifest ?? "", throwOnError: true)!;
        return _serialization.FindSerializerForType(type).FromBinary(message, type);
    }
}
