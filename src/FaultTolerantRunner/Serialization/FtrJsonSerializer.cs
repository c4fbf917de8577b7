using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace FaultTolerantRunner.Serialization;

/// <summary>
/// Serializes FTR's journal events and cluster messages as System.Text.Json with short, stable manifests
/// (the type's name, not its CLR assembly-qualified name), so that events survive refactoring and upgrades.
/// Renaming an event type means adding its old name to <see cref="Aliases"/>.
/// </summary>
public sealed class FtrJsonSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 5_080;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Journal rows and remote messages are never embedded in HTML: write non-ASCII text and quotes as they are, not as
        // six-byte \uXXXX escapes that make a large task's messages up to six times larger. Rows written either way read alike.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The taxonomy's values as the journal has always held them, lower-case ("transient", "high", "restart"); listed first to win for their types.
        Converters =
        {
            new Contracts.LowerCaseEnumConverter<Taxonomy.ErrorCategory>(), new Contracts.LowerCaseEnumConverter<Taxonomy.Severity>(),
            new Contracts.LowerCaseEnumConverter<Taxonomy.Directive>(), new JsonStringEnumConverter(),
        },
    };

    private static readonly IReadOnlyDictionary<string, Type> ByManifest = typeof(IFtrSerializable).Assembly.GetTypes()
        .Where(t => typeof(IFtrSerializable).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
        .ToDictionary(ManifestFor, t => t);

    private static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        // Moved to the dead-letter queue's own protocol; a node of the earlier version may still send these names.
        ["TaskProtocol.RequeueTask"] = "DlqProtocol.RequeueTask",
        ["TaskProtocol.PurgeTask"] = "DlqProtocol.PurgeTask",
        ["TaskProtocol.DlqResult"] = "DlqProtocol.DlqResult",
    };

    private readonly ConcurrentDictionary<Type, string> _manifests = new();

    public FtrJsonSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public static IReadOnlyCollection<string> Manifests => ByManifest.Keys.ToArray();

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var name = Aliases.GetValueOrDefault(manifest, manifest);
        if (!ByManifest.TryGetValue(name, out var type))
            throw new System.Runtime.Serialization.SerializationException($"unknown FTR manifest '{manifest}'; was the journal written by a newer version?");
        return JsonSerializer.Deserialize(bytes, type, Options)
               ?? throw new System.Runtime.Serialization.SerializationException($"journal entry '{manifest}' is empty");
    }

    public override string Manifest(object o) => _manifests.GetOrAdd(o.GetType(), ManifestFor);

    private static string ManifestFor(Type type) =>
        type.DeclaringType is { } outer ? $"{outer.Name}.{type.Name}" : type.Name;
}
