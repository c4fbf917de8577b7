using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Hosting;

/// <summary>
/// One node of the tree of configuration keys the runner binds: a single value, a list of values, or a section whose keys
/// are named (options properties) or free (<c>&lt;tool&gt;</c>, <c>&lt;service&gt;</c>). Built from the options classes, so
/// what is checked, bound and documented cannot drift apart.
/// </summary>
public sealed class ConfigKey
{
    private readonly Dictionary<string, ConfigKey> _children = new(StringComparer.OrdinalIgnoreCase);

    private ConfigKey(ConfigKeyKind kind, Type? type = null, object? defaultValue = null)
    {
        Kind = kind;
        Type = type;
        Default = defaultValue;
    }

    public ConfigKeyKind Kind { get; }

    /// <summary>The bound CLR type of a value or a list's items.</summary>
    public Type? Type { get; }

    /// <summary>The value an unset key has (null when it inherits from elsewhere or has none).</summary>
    public object? Default { get; }

    public IReadOnlyDictionary<string, ConfigKey> Children => _children;

    /// <summary>Keys of any name (shown as <c>&lt;Placeholder&gt;</c>), optionally only from <see cref="AnyAllowed"/>.</summary>
    public ConfigKey? Any { get; private set; }

    public string? AnyPlaceholder { get; private set; }

    public IReadOnlyList<string>? AnyAllowed { get; private set; }

    public static ConfigKey Section() => new(ConfigKeyKind.Section);

    public static ConfigKey Value(Type type, object? defaultValue = null) => new(ConfigKeyKind.Value, type, defaultValue);

    public ConfigKey Add(string name, ConfigKey child)
    {
        _children.Add(name, child);
        return this;
    }

    public ConfigKey AddAny(string placeholder, ConfigKey child, IReadOnlyList<string>? allowed = null)
    {
        Any = child;
        AnyPlaceholder = placeholder;
        AnyAllowed = allowed;
        return this;
    }

    /// <summary>The keys of an options class: its public settable properties; <paramref name="defaults"/> supplies the documented defaults.</summary>
    public static ConfigKey Of(Type options, object? defaults, params string[] except)
    {
        var section = Section();
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || except.Contains(property.Name) || property.GetIndexParameters().Length > 0) continue;
            section.Add(property.Name, ForProperty(property, defaults is null ? null : property.GetValue(defaults)));
        }
        return section;
    }

    public static ConfigKey Of<TOptions>(params string[] except) where TOptions : new() => Of(typeof(TOptions), new TOptions(), except);

    /// <summary>Every documented key path below this node, with its node (<c>Tools:Process:&lt;name&gt;:Command</c>).</summary>
    public IEnumerable<(string Path, ConfigKey Key)> Leaves(string prefix = "")
    {
        if (Kind != ConfigKeyKind.Section)
        {
            yield return (prefix, this);
            yield break;
        }
        foreach (var (name, child) in _children.OrderBy(c => c.Key, StringComparer.Ordinal))
            foreach (var leaf in child.Leaves(Join(prefix, name))) yield return leaf;
        if (Any is not null)
            foreach (var leaf in Any.Leaves(Join(prefix, $"<{AnyPlaceholder}>"))) yield return leaf;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}:{name}";

    private static ConfigKey ForProperty(PropertyInfo property, object? value)
    {
        var type = property.PropertyType;
        // An empty string is "not set" (a process tool's description), not a default worth stating.
        if (IsScalar(type)) return Value(type, value is "" ? null : value);
        if (DictionaryValueType(type) is { } valueType)
        {
            var placeholder = property.GetCustomAttribute<KeyPlaceholderAttribute>()?.Name ?? "name";
            var entry = IsScalar(valueType) ? Value(valueType) : Of(valueType, Activator.CreateInstance(valueType));
            return Section().AddAny(placeholder, entry);
        }
        if (ListItemType(type) is { } itemType) return new ConfigKey(ConfigKeyKind.List, itemType);
        return Of(type, value ?? Activator.CreateInstance(type));
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(Uri) || t == typeof(Regex);
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(Dictionary<,>) || d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType && IsScalar(type.GetGenericArguments()[0])
            ? type.GetGenericArguments()[0]
            : null;
}
